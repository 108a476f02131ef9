using System.CommandLine;
using Enjoin.Common;
using Enjoin.Engine;
using Enjoin.Gate;
using Enjoin.Knowledge;
using Enjoin.Promotions;

namespace Enjoin.Cli.Commands;

/// <summary><c>promotions ingest</c> and <c>exposures</c>: the promotion audit (DESIGN §4.4, §5.3).</summary>
public static class PromotionCommands
{
    public static Command Promotions(CommandContext context)
    {
        var file = new Argument<string>("FILE") { Description = "JSONL: one promotion event a line" };
        var at = context.AtOption("the promotions' time (default: each record's own at)");
        var ingest = new Command("ingest", "ingest promotion events (JSONL); reports exposures") { file, at };
        ingest.SetAction(result =>
        {
            var path = result.GetValue(file)!;
            if (!File.Exists(path))
            {
                context.Err.WriteLine($"{path}: no such file");
                return Cli.BadInput;
            }
            using var engine = new EngineHandle(context, result);
            using var reader = new StreamReader(path);
            var summary = engine.Engine.IngestPromotions(path, Jsonl.Lines(reader), CommandContext.Time(result, at));
            if (context.Json(result)) context.WriteJson(summary);
            else
            {
                context.Out.WriteLine($"{path}: read {summary.Read}, accepted {summary.Accepted}, rejected {summary.Rejected.Count}, actions {summary.Actions}, exposures {summary.Exposures.Count}");
                foreach (var e in summary.Exposures) context.Out.WriteLine($"  exposure {Line(e.Promotion, e.Surface, e.Merchant, e.Listing, e.At, e.Codes)}");
            }
            foreach (var error in summary.Errors) context.Err.WriteLine(error);
            return summary.Rejected.Count > 0 ? Cli.BadInput : Cli.Ok;
        });
        return new Command("promotions", "promotion events") { ingest };
    }

    public static Command Exposures(CommandContext context)
    {
        var merchant = new Option<string?>("--merchant") { Description = "only this merchant's exposures" };
        var order = new Option<string?>("--order") { Description = "only exposures of this order's defendants after knowledge based on it (or an order it supersedes)" };
        var command = new Command("exposures", "promotions made after knowledge, with the knowledge they contradict") { merchant, order };
        command.SetAction(result =>
        {
            using var engine = new EngineHandle(context, result);
            IReadOnlyList<ExposureView> exposures;
            if (result.GetValue(order) is { } orderId)
            {
                var ofOrder = engine.Engine.ExposuresOfOrder(orderId)
                    ?? throw new InputRejectedException(new InputError("(command line)", 0, "--order", $"no order {orderId}"));
                exposures = ofOrder.Defendants.SelectMany(d => d.Exposures).DistinctBy(e => e.Promotion).OrderBy(e => e.At).ToList();
            }
            else exposures = engine.Engine.Exposures();
            if (result.GetValue(merchant) is { } m) exposures = exposures.Where(e => e.Merchant == m).ToList();

            if (context.Json(result)) context.WriteJson(exposures);
            else
            {
                if (exposures.Count == 0) context.Out.WriteLine("no exposures");
                foreach (var e in exposures)
                {
                    context.Out.WriteLine(Line(e.Promotion, e.Surface, e.Merchant, e.Listing, e.At, e.Codes));
                    foreach (var r in e.Reasons) context.Out.WriteLine($"    {Words<KnowledgeCode>.Of(r.Code)} since {EventTime.Format(r.Since)}: {r.Basis}");
                }
            }
            return Cli.Ok;
        });
        return command;
    }

    static string Line(string promotion, Surface surface, string merchant, string? listing, DateTimeOffset at, IReadOnlyList<KnowledgeCode> codes) =>
        $"{promotion} {EventTime.Format(at)} {Words<Surface>.Of(surface)} {merchant}{(listing is null ? "" : $" / {listing}")}: {string.Join(", ", codes.Select(Words<KnowledgeCode>.Of))}";
}
