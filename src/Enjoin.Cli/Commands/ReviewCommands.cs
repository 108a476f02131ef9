using System.CommandLine;
using Enjoin.Common;
using Enjoin.Review;

namespace Enjoin.Cli.Commands;

/// <summary><c>review [list]</c> and <c>review decide ID --accept|--reject --reason TEXT</c>.</summary>
public static class ReviewCommands
{
    public static Command Review(CommandContext context)
    {
        var status = new Option<string?>("--status") { Description = $"one of {string.Join(", ", Words<ReviewStatus>.All)} (default: all)" };
        var list = new Command("list", "the review queue") { status };
        list.SetAction(result => List(context, result, status));

        var id = new Argument<long>("ID") { Description = "review item id" };
        var accept = new Option<bool>("--accept") { Description = "accept the item" };
        var reject = new Option<bool>("--reject") { Description = "reject the item" };
        var reason = new Option<string?>("--reason") { Description = "why (recorded in the ledger)", Required = true };
        var merchant = new Option<string?>("--merchant") { Description = "for an unresolved defendant: the merchant it is" };
        var by = new Option<string?>("--by") { Description = "who decides (default: the signed-in user)" };
        var at = context.AtOption("event time of the decision (default: the event time reached)");
        var decide = new Command("decide", "decide a review item") { id, accept, reject, reason, merchant, by, at };
        decide.SetAction(result =>
        {
            if (result.GetValue(accept) == result.GetValue(reject))
                throw new InputRejectedException(new InputError("(command line)", 0, "--accept/--reject", "give exactly one of --accept or --reject"));
            using var engine = new EngineHandle(context, result);
            var decided = engine.Engine.Decide(new ReviewDecision(result.GetValue(id), result.GetValue(accept), result.GetValue(reason)!,
                result.GetValue(by) ?? $"cli:{Environment.UserName}", result.GetValue(merchant)), CommandContext.Time(result, at));
            if (context.Json(result)) context.WriteJson(decided);
            else context.Out.WriteLine($"review item {decided.Id} ({Words<ReviewKind>.Of(decided.Kind)}): {Words<ReviewStatus>.Of(decided.Status)}");
            return Cli.Ok;
        });

        var command = new Command("review", "the review queue: list, or decide an item") { list, decide };
        command.Options.Add(status);
        command.SetAction(result => List(context, result, status));
        return command;
    }

    static int List(CommandContext context, ParseResult result, Option<string?> status)
    {
        ReviewStatus? filter = null;
        if (result.GetValue(status) is { } text)
        {
            if (!Words<ReviewStatus>.TryParse(text, out var parsed))
                throw new InputRejectedException(new InputError("(command line)", 0, "--status", $"'{text}' is not one of {string.Join(", ", Words<ReviewStatus>.All)}"));
            filter = parsed;
        }
        using var engine = new EngineHandle(context, result);
        var items = engine.Engine.ReviewQueue(filter);
        if (context.Json(result)) context.WriteJson(items);
        else
        {
            if (items.Count == 0) context.Out.WriteLine("the review queue is empty");
            foreach (var i in items)
                context.Out.WriteLine($"{i.Id,5} {Words<ReviewKind>.Of(i.Kind),-20} {Words<ReviewStatus>.Of(i.Status),-8} {i.Merchant ?? "-",-10} {i.Listing ?? "-",-10} {i.Order ?? "-",-10} {(i.Defendant is { } d ? $"#{d}" : "-"),-5} {i.Evidence.ToJsonString()}");
        }
        return Cli.Ok;
    }
}
