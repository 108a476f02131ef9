using Enjoin.Actions;
using Enjoin.Common;
using Enjoin.Engine;
using Enjoin.Gate;
using Enjoin.Orders;
using Enjoin.Review;

namespace Enjoin.Demo;

/// <summary>What loading the demo did, for the closing summary.</summary>
public sealed record DemoOutcome(
    int Merchants, int Listings, int Orders, IReadOnlyDictionary<ActionKind, int> Actions,
    IReadOnlyDictionary<ReviewKind, int> OpenReviews, int Skipped, long LedgerEvents, DemoCast Cast)
{
    /// <summary>Promotion events fed through the audit, and the exposures among them by surface (DESIGN §4.4).</summary>
    public int Promotions { get; init; }
    public IReadOnlyDictionary<Surface, int> Exposures { get; init; } = new Dictionary<Surface, int>();

    /// <summary>The compliance report's totals (DESIGN §5.5) for the injunction, as of the end of the scenario; null if it was not loaded.</summary>
    public Reports.ReportTotals? ReportTotals { get; init; }
}

/// <summary>
/// Feeds the demo scenario through the engine exactly as the CLI would feed its input files, plus
/// the reviewer's decisions a trust &amp; safety team would make along the way.
/// </summary>
public static class DemoRunner
{
    public const string Reviewer = "demo:reviewer";

    /// <summary>
    /// Loads the scenario into an empty database; refuses a database that already has a history. The listings' photos
    /// are written as PNG files into <paramref name="photoDirectory"/> (kept), or into a temporary directory removed
    /// afterwards, and hashed by ingest like any listing's <c>image_files</c>.
    /// </summary>
    public static DemoOutcome Run(EnjoinEngine engine, Action<string>? log = null, int seed = DemoScenario.DefaultSeed, string? photoDirectory = null)
    {
        log ??= _ => { };
        var (steps, cast) = DemoScenario.BuildWithCast(seed);
        if (engine.VerifyLedger().Rows > 0)
        {
            // Loading twice would replay a history into itself; a database that already holds the
            // demo is simply shown again, anything else is refused.
            var orderIds = engine.Orders().Select(o => o.Id).ToHashSet(StringComparer.Ordinal);
            var demoOrders = steps.Where(s => s.Kind == DemoStepKind.Order)
                .Select(s => System.Text.Json.JsonDocument.Parse(s.Records[0]).RootElement.GetProperty("id").GetString()!).ToList();
            if (!demoOrders.All(orderIds.Contains))
                throw new InputRejectedException(new InputError(engine.Store.Location, 0, "database",
                    "already holds another history; load the demo into a new database (--db demo.db)"));
            log($"the demo is already loaded in {engine.Store.Location}");
            return Summarize(engine, 0, 0, demoOrders.Count, 0, cast);
        }

        var photos = photoDirectory ?? Directory.CreateTempSubdirectory("enjoin-demo-photos-").FullName;
        Directory.CreateDirectory(photos);
        try { return Load(engine, log, steps, cast, photos); }
        finally
        {
            if (photoDirectory is null)
            {
                try { Directory.Delete(photos, recursive: true); }
                catch (IOException) { }
                catch (UnauthorizedAccessException) { }
            }
        }
    }

    static DemoOutcome Load(EnjoinEngine engine, Action<string> log, IReadOnlyList<DemoStep> steps, DemoCast cast, string photos)
    {
        int merchants = 0, listings = 0, orders = 0, skipped = 0, promotions = 0;
        foreach (var step in steps)
        {
            var lines = step.Records.Select((text, i) => new InputLine(i + 1, text)).ToList();
            switch (step.Kind)
            {
                case DemoStepKind.Merchants:
                    merchants += Check(engine.IngestMerchants($"demo:{step.Description}", lines, null, "demo")).Accepted;
                    break;
                case DemoStepKind.Listings:
                    // Drawn in parallel, written in order; ingest reads them back and hashes them (PDQ, DESIGN §4.5).
                    foreach (var (file, png) in step.Photos.AsParallel().AsOrdered().Select(p => (p.File, DemoPhotos.Png(p.Photo))))
                        File.WriteAllBytes(Path.Combine(photos, file), png);
                    var ingested = Check(engine.IngestListings($"demo:{step.Description}", lines, null, "demo", directory: photos));
                    listings += ingested.Accepted;
                    log($"{EventTime.Format(step.At)}  {step.Description}: {ingested.Accepted} listing events, {ingested.Actions} actions");
                    break;
                case DemoStepKind.Order:
                    var input = OrderInput.Parse($"demo:{step.Description}", step.Records[0]);
                    var imported = engine.ImportOrder(input, null, "demo");
                    orders++;
                    log($"{EventTime.Format(step.At)}  {step.Description}: order {imported.Order}, {imported.Actions} actions");
                    if (input.Order.Kind == OrderKind.PreliminaryInjunction) ConfirmAliases(engine, input.Order, log);
                    break;
                case DemoStepKind.Advance:
                    var (_, to, actions) = engine.Advance(step.At, "demo");
                    log($"{EventTime.Format(to)}  advance: {actions} actions from deadlines");
                    break;
                case DemoStepKind.Notices:
                    var submitted = engine.SubmitNotices($"demo:{step.Description}", $"[{string.Join(",", step.Records)}]", null, "demo");
                    if (submitted.Errors.Count > 0) throw new InvalidOperationException($"demo data rejected: {submitted.Errors[0]}");
                    foreach (var r in submitted.Receipts)
                        log($"{EventTime.Format(r.Received)}  notice {r.Notice}: {r.Accepted.Count} listings, {r.Strikes.Count} strikes (receipt: ledger sequence {r.Sequence})");
                    break;
                case DemoStepKind.CounterNotices:
                    var countered = engine.SubmitCounterNotices($"demo:{step.Description}", $"[{string.Join(",", step.Records)}]", null, "demo");
                    if (countered.Errors.Count > 0) throw new InvalidOperationException($"demo data rejected: {countered.Errors[0]}");
                    foreach (var r in countered.Results)
                        log($"{EventTime.Format(step.At)}  counter-notice {r.Id}: {r.Detail}{(r.RestoreAt is { } t ? $" ({EventTime.Format(t)})" : "")}");
                    break;
                case DemoStepKind.Promotions:
                    var audited = engine.IngestPromotions($"demo:{step.Description}", lines, null, "demo");
                    if (audited.Rejected.Count > 0) throw new InvalidOperationException($"demo data rejected: {audited.Errors[0]}");
                    promotions += audited.Accepted;
                    log($"{EventTime.Format(step.At)}  {step.Description}: {audited.Accepted} promotion events, {audited.Exposures.Count} exposures");
                    break;
                default:
                    skipped += step.Records.Count;
                    break;
            }
        }

        return Summarize(engine, merchants, listings, orders, skipped, cast) with { Promotions = promotions };
    }

    /// <summary>The order the demo ends by reporting on: the preliminary injunction, which supersedes the TRO.</summary>
    public const string ReportedOrder = "kt-pi";

    static DemoOutcome Summarize(EnjoinEngine engine, int merchants, int listings, int orders, int skipped, DemoCast cast)
    {
        var actionCounts = engine.Actions().GroupBy(a => a.Kind).ToDictionary(g => g.Key, g => g.Count());
        var openReviews = engine.ReviewQueue(ReviewStatus.Open).GroupBy(i => i.Kind).ToDictionary(g => g.Key, g => g.Count());
        var exposures = engine.Exposures().GroupBy(e => e.Surface).ToDictionary(g => g.Key, g => g.Count());
        return new DemoOutcome(merchants, listings, orders, actionCounts, openReviews, skipped, engine.VerifyLedger().Rows, cast)
        {
            Exposures = exposures, ReportTotals = engine.Report(ReportedOrder)?.Totals,
        };
    }

    /// <summary>
    /// The reviewer confirms the linked accounts a day after the PI is served: from then on they are
    /// treated as the defendants (DESIGN §4.1.3), and not before.
    /// </summary>
    static void ConfirmAliases(EnjoinEngine engine, Order order, Action<string> log)
    {
        var at = order.Served.AddDays(1);
        var confirmed = 0;
        foreach (var item in engine.ReviewQueue(ReviewStatus.Open).Where(i => i.Kind == ReviewKind.AliasCandidate && i.Order == order.Id))
        {
            var shared = (string?)item.Evidence["shared"] ?? "details";
            engine.Decide(new ReviewDecision(item.Id, true, $"shares {shared.Replace('_', ' ')} with defendant {item.Defendant}; same operator", Reviewer), at);
            confirmed++;
        }
        log($"{EventTime.Format(at)}  reviewer confirmed {confirmed} alias accounts of {order.Id}");
    }

    static IngestSummary Check(IngestSummary summary) =>
        summary.Rejected.Count == 0 ? summary : throw new InvalidOperationException($"demo data rejected: {summary.Errors[0]}");
}
