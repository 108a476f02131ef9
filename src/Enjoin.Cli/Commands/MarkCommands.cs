using System.CommandLine;

namespace Enjoin.Cli.Commands;

/// <summary><c>marks [list]</c>, <c>marks register MARK --owner NAME</c>, <c>marks allow MARK --phrase TEXT --reason TEXT</c>.</summary>
public static class MarkCommands
{
    public static Command Marks(CommandContext context)
    {
        var list = new Command("list", "every mark in force or registered: its orders, owner, allowed phrases, hits and false positives");
        list.SetAction(result => List(context, result));

        var mark = new Argument<string>("MARK") { Description = "the protected term, e.g. SQUISHMALLOWS" };
        var owner = new Option<string>("--owner") { Description = "the rights holder it belongs to", Required = true };
        var registration = new Option<string?>("--registration") { Description = "e.g. \"US Reg. No. 0000000\"" };
        var registerAt = context.AtOption("event time of the registration (default: the event time reached)");
        var register = new Command("register", "register a rights holder's mark: listings are screened for it (review items only)") { mark, owner, registration, registerAt };
        register.SetAction(result =>
        {
            using var engine = new EngineHandle(context, result);
            var registered = engine.Engine.RegisterMark(result.GetValue(mark)!, result.GetValue(owner)!, result.GetValue(registration),
                $"cli:{Environment.UserName}", CommandContext.Time(result, registerAt));
            if (context.Json(result)) context.WriteJson(registered);
            else context.Out.WriteLine($"{registered.Mark}: registered for {registered.Owner}");
            return Cli.Ok;
        });

        var allowedMark = new Argument<string>("MARK") { Description = "the mark" };
        var phrase = new Option<string>("--phrase") { Description = "an honest phrase containing the mark", Required = true };
        var reason = new Option<string>("--reason") { Description = "why it is honest (recorded in the ledger)", Required = true };
        var by = new Option<string?>("--by") { Description = "the reviewer (default: the user running the command)" };
        var allowAt = context.AtOption("event time (default: the event time reached)");
        var allow = new Command("allow", "allow an honest phrase for a mark: hits inside it are not raised") { allowedMark, phrase, reason, by, allowAt };
        allow.SetAction(result =>
        {
            using var engine = new EngineHandle(context, result);
            var allowed = engine.Engine.AllowPhrase(result.GetValue(allowedMark)!, result.GetValue(phrase)!, result.GetValue(reason)!,
                result.GetValue(by) ?? $"cli:{Environment.UserName}", CommandContext.Time(result, allowAt));
            if (context.Json(result)) context.WriteJson(allowed);
            else context.Out.WriteLine($"{allowed.Mark}: \"{allowed.Phrase}\" allowed");
            return Cli.Ok;
        });

        var command = new Command("marks", "the marks screened for, and what reviewers taught the screening about them") { list, register, allow };
        command.SetAction(result => List(context, result));
        return command;
    }

    static int List(CommandContext context, ParseResult result)
    {
        using var engine = new EngineHandle(context, result);
        var marks = engine.Engine.Marks();
        if (context.Json(result)) context.WriteJson(marks);
        else
        {
            if (marks.Count == 0) context.Out.WriteLine("no marks in force or registered");
            foreach (var m in marks)
                context.Out.WriteLine($"{m.Mark,-24} orders: {(m.Orders.Count == 0 ? "-" : string.Join(",", m.Orders)),-16} owner: {m.Owner ?? "-",-24} " +
                    $"hits {m.Hits}, accepted {m.Accepted}, false positives {m.FalsePositives}; allowed: {(m.Allowed.Count == 0 ? "-" : string.Join(" | ", m.Allowed))}");
        }
        return Cli.Ok;
    }
}
