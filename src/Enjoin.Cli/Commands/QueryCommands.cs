using System.CommandLine;
using Enjoin.Actions;
using Enjoin.Common;
using Enjoin.Gate;
using Enjoin.Knowledge;

namespace Enjoin.Cli.Commands;

/// <summary><c>gate check</c>, <c>knowledge</c>, <c>actions</c>: questions asked as of an event time.</summary>
public static class QueryCommands
{
    public static Command Gate(CommandContext context)
    {
        var surface = new Option<string>("--surface") { Description = $"one of {string.Join(", ", Words<Surface>.All)}", Required = true };
        var merchant = new Option<string>("--merchant") { Description = "merchant id", Required = true };
        var listing = new Option<string?>("--listing") { Description = "listing id" };
        var at = context.AtOption("the time of the promotion (default: the event time reached)");
        var check = new Command("check", "may this surface promote this merchant (and listing) at this time?") { surface, merchant, listing, at };
        check.SetAction(result =>
        {
            var surfaceText = result.GetValue(surface)!;
            if (!Words<Surface>.TryParse(surfaceText, out var s))
                throw new InputRejectedException(new InputError("(command line)", 0, "--surface", $"'{surfaceText}' is not one of {string.Join(", ", Words<Surface>.All)}"));
            using var engine = new EngineHandle(context, result);
            var decision = engine.Engine.CheckGate(s, result.GetValue(merchant)!, result.GetValue(listing), CommandContext.Time(result, at));
            if (context.Json(result)) context.WriteJson(decision);
            else
            {
                context.Out.WriteLine($"{(decision.Allow ? "allow" : "deny")}: {Words<Surface>.Of(decision.Surface)} for {decision.Merchant}{(decision.Listing is null ? "" : $" / {decision.Listing}")} at {EventTime.Format(decision.At)}");
                foreach (var reason in decision.Reasons)
                    context.Out.WriteLine($"  {Words<KnowledgeCode>.Of(reason.Code)} since {EventTime.Format(reason.Since)}: {reason.Basis}");
            }
            return Cli.Ok;
        });
        var output = new Option<string>("--out") { Description = "where to write the snapshot file", Required = true };
        var snapshot = new Command("snapshot", "write the gate snapshot file (docs/gate-snapshot.md) that ad servers load") { output };
        snapshot.SetAction(result =>
        {
            var path = result.GetValue(output)!;
            using var engine = new EngineHandle(context, result);
            var gate = engine.Engine.SnapshotGate();
            var file = gate.File;
            // Written beside and renamed, so a reader never sees half a file.
            var temp = $"{path}.{Environment.ProcessId}.tmp";
            File.WriteAllBytes(temp, file.Bytes);
            File.Move(temp, path, overwrite: true);
            var header = GateSnapshotFormat.ReadHeader(file.Bytes);
            var summary = new GateSnapshotSummary(path, header.Sequence, header.AsOf, header.BuiltAt, gate.DeniedMerchants, gate.DeniedListings,
                file.Bytes.LongLength, header.Sha256, file.ETag);
            if (context.Json(result)) context.WriteJson(summary);
            else context.Out.WriteLine($"{path}: ledger seq {summary.Sequence}, as of {EventTime.Format(summary.AsOf)}: {summary.Merchants} merchants and {summary.Listings} listings denied ({summary.Bytes} bytes, sha256 {summary.Sha256})");
            return Cli.Ok;
        });
        var suppressedMerchant = new Option<string?>("--merchant") { Description = "one merchant's counts (default: all)" };
        var suppressed = new Command("suppressed", "promotions the gate suppressed: denials marketplace systems asked for, per merchant, surface and day")
        {
            suppressedMerchant,
        };
        suppressed.SetAction(result =>
        {
            using var engine = new EngineHandle(context, result);
            var counts = engine.Engine.Suppressions(result.GetValue(suppressedMerchant));
            if (context.Json(result)) context.WriteJson(counts);
            else
            {
                if (counts.Count == 0) context.Out.WriteLine("no promotions suppressed");
                foreach (var c in counts) context.Out.WriteLine($"{c.Day:yyyy-MM-dd} {c.Merchant,-12} {Words<Surface>.Of(c.Surface),-18} {c.Count,10:N0}");
            }
            return Cli.Ok;
        });
        return new Command("gate", "the promotion gate") { check, snapshot, suppressed };
    }

    /// <summary>What <c>gate snapshot --json</c> prints.</summary>
    public sealed record GateSnapshotSummary(string File, long Sequence, DateTimeOffset AsOf, DateTimeOffset BuiltAt, int Merchants, int Listings,
        long Bytes, string Sha256, string Etag);

    public static Command Knowledge(CommandContext context)
    {
        var merchant = new Argument<string>("MERCHANT") { Description = "merchant id" };
        var at = context.AtOption("only facts open at this time (default: the whole history)");
        var command = new Command("knowledge", "what the platform knows about a merchant and its listings, and since when") { merchant, at };
        command.SetAction(result =>
        {
            using var engine = new EngineHandle(context, result);
            var id = result.GetValue(merchant)!;
            if (!engine.Engine.MerchantExists(id))
            {
                context.Err.WriteLine($"enjoin: unknown merchant {id}");
                return Cli.BadInput;
            }
            var view = engine.Engine.Knowledge(id, CommandContext.Time(result, at));
            if (context.Json(result)) context.WriteJson(view);
            else
            {
                context.Out.WriteLine(view.At is { } t ? $"{view.Merchant} as of {EventTime.Format(t)}:" : $"{view.Merchant}:");
                if (view.Facts.Count == 0) context.Out.WriteLine("  no knowledge");
                foreach (var f in view.Facts)
                    context.Out.WriteLine($"  {Words<KnowledgeCode>.Of(f.Code),-22}{(f.Listing is null ? "" : $" {f.Listing}")} [{EventTime.Format(f.Since)}, {(f.Until is { } u ? EventTime.Format(u) : "open")}) {f.Basis}");
            }
            return Cli.Ok;
        });
        return command;
    }

    public static Command Actions(CommandContext context)
    {
        var status = new Option<string?>("--status") { Description = $"one of {string.Join(", ", Words<ActionStatus>.All)}" };
        var id = new Argument<long>("ID") { Description = "action id" };
        var failed = new Option<bool>("--failed") { Description = "the marketplace could not carry it out" };
        var reason = new Option<string?>("--reason") { Description = "why it failed" };
        var at = context.AtOption("when the marketplace carried it out (default: the event time reached)");
        var confirm = new Command("confirm", "the marketplace confirms an action (outbox adapter)") { id, failed, reason, at };
        confirm.SetAction(result =>
        {
            using var engine = new EngineHandle(context, result);
            var done = engine.Engine.ConfirmAction(result.GetValue(id), CommandContext.Time(result, at), result.GetValue(failed), result.GetValue(reason));
            if (context.Json(result)) context.WriteJson(done);
            else context.Out.WriteLine($"action {done.Id} ({Words<ActionKind>.Of(done.Kind)}): {Words<ActionStatus>.Of(done.Status)}");
            return Cli.Ok;
        });
        var command = new Command("actions", "the action outbox") { status, confirm };
        command.SetAction(result =>
        {
            ActionStatus? filter = null;
            if (result.GetValue(status) is { } text)
            {
                if (!Words<ActionStatus>.TryParse(text, out var parsed))
                    throw new InputRejectedException(new InputError("(command line)", 0, "--status", $"'{text}' is not one of {string.Join(", ", Words<ActionStatus>.All)}"));
                filter = parsed;
            }
            using var engine = new EngineHandle(context, result);
            var actions = engine.Engine.Actions(filter);
            if (context.Json(result)) context.WriteJson(actions);
            else
                foreach (var a in actions)
                    context.Out.WriteLine($"{a.Id,6} {Words<ActionKind>.Of(a.Kind),-20} {a.Merchant,-10} {a.Listing,-10} {Words<ActionStatus>.Of(a.Status),-9} {EventTime.Format(a.At)}  {a.Basis}");
            return Cli.Ok;
        });
        return command;
    }
}
