using System.CommandLine;
using Enjoin.Common;
using Enjoin.Notices;

namespace Enjoin.Cli.Commands;

/// <summary><c>notices submit</c>, <c>counter-notices submit</c>, <c>notifiers</c> (DESIGN §4.2, §5.1).</summary>
public static class NoticeCommands
{
    public static Command Notices(CommandContext context)
    {
        var file = new Argument<string>("FILE") { Description = "one notice, or a JSON array of notices" };
        var at = context.AtOption("event time of receipt (default: each notice's own at)");
        var submit = new Command("submit", "submit takedown notices; prints a receipt for each") { file, at };
        submit.SetAction(result =>
        {
            var path = result.GetValue(file)!;
            var text = CommandContext.ReadFile(path);
            using var engine = new EngineHandle(context, result);
            var submission = engine.Engine.SubmitNotices(path, text, CommandContext.Time(result, at));
            if (context.Json(result))
            {
                if (submission.IsArray) context.WriteJson(submission.Receipts);
                else if (submission.Receipts.Count == 1) context.WriteJson(submission.Receipts[0]);
            }
            else
                foreach (var r in submission.Receipts)
                {
                    context.Out.WriteLine($"notice {r.Notice}: received {EventTime.Format(r.Received)}, ledger sequence {r.Sequence}; {r.Accepted.Count} listings accepted, {r.Rejected.Count} rejected, {r.Strikes.Count} strikes");
                    foreach (var x in r.Rejected) context.Out.WriteLine($"  rejected {x.Listing}: {x.Reason}");
                }
            foreach (var error in submission.Errors) context.Err.WriteLine(error);
            return submission.Errors.Count > 0 ? Cli.BadInput : Cli.Ok;
        });
        return new Command("notices", "takedown notices through the designated process") { submit };
    }

    public static Command CounterNotices(CommandContext context)
    {
        var file = new Argument<string>("FILE") { Description = "one counter-notice or suit report ({\"kind\":\"suit_filed\"}), or a JSON array of them" };
        var at = context.AtOption("event time of receipt (default: each record's own at)");
        var submit = new Command("submit", "submit counter-notices (and reports that suit was filed)") { file, at };
        submit.SetAction(result =>
        {
            var path = result.GetValue(file)!;
            var text = CommandContext.ReadFile(path);
            using var engine = new EngineHandle(context, result);
            var submission = engine.Engine.SubmitCounterNotices(path, text, CommandContext.Time(result, at));
            if (context.Json(result))
            {
                if (submission.IsArray || submission.Results.Count != 1) context.WriteJson(submission.Results);
                else context.WriteJson(submission.Results[0]);
            }
            else
                foreach (var r in submission.Results)
                    context.Out.WriteLine($"{r.Id}: {Words<CounterNoticeStatus>.Of(r.Status)}{(r.RestoreAt is { } t ? $", restores {EventTime.Format(t)} unless suit is filed" : "")} ({r.Detail})");
            foreach (var error in submission.Errors) context.Err.WriteLine(error);
            return submission.Errors.Count > 0 ? Cli.BadInput : Cli.Ok;
        });
        return new Command("counter-notices", "counter-notices (§512(g))") { submit };
    }

    public static Command Notifiers(CommandContext context)
    {
        var command = new Command("notifiers", "each notifier's accuracy record: notices, listings accepted and rejected, counter-noticed, restored");
        command.SetAction(result =>
        {
            using var engine = new EngineHandle(context, result);
            var notifiers = engine.Engine.Notifiers();
            if (context.Json(result))
                context.WriteJson(notifiers.Select(n => new
                {
                    notifier = n.Email, name = n.Name, role = Words<NotifierRole>.Of(n.Role), notices = n.Notices,
                    listings_accepted = n.ListingsAccepted, listings_rejected = n.ListingsRejected,
                    counter_noticed = n.CounterNoticed, restored = n.Restored,
                    accepted_rate = Math.Round(n.AcceptedRate, 4), restored_rate = Math.Round(n.RestoredRate, 4),
                    priority = n.HasPriority, warned_at = n.WarnedAt, warning = n.Warning,
                }));
            else
            {
                if (notifiers.Count == 0) context.Out.WriteLine("no notices received yet");
                foreach (var n in notifiers)
                    context.Out.WriteLine($"{n.Email,-32} {Words<NotifierRole>.Of(n.Role),-16} notices {n.Notices,6}  accepted {n.AcceptedRate,7:P1}  restored {n.RestoredRate,6:P1}{(n.WarnedAt is null ? "" : $"  WARNED {EventTime.Format(n.WarnedAt.Value)}: {n.Warning}")}");
            }
            return Cli.Ok;
        });
        return command;
    }
}
