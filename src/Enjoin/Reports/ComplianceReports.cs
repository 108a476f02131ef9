using System.Text.Json.Nodes;
using Enjoin.Actions;
using Enjoin.Common;
using Enjoin.Engine;
using Enjoin.Knowledge;
using Enjoin.Ledger;
using Enjoin.Orders;

namespace Enjoin.Reports;

/// <summary>
/// DESIGN §5.5: the compliance report of one order as of a time T, each figure by its definition there, from what
/// the store holds with event time at or before T (decision 013 settles what §5.5 leaves open).
/// </summary>
public static class ComplianceReports
{
    /// <summary>The report of <paramref name="orderId"/> (a modification's: of the order it changes) as of <paramref name="asOf"/>; null for no such order.</summary>
    public static ComplianceReport? Build(IStoreTransaction store, Policy current, string orderId, DateTimeOffset asOf)
    {
        if (store.GetOrder(orderId) is not { } order) return null;
        if (order.Modifies is { } target && store.GetOrder(target) is { } changed) order = changed;
        var chain = Chain(store, order);
        var inChain = chain.ToHashSet(StringComparer.Ordinal);
        bool UnderOrder(Basis basis) => basis.Order is { } o && inChain.Contains(o);

        var clauses = store.Clauses(order.Id)
            .Select(c => c.Status != ClauseStatus.Active && c.Since is { } since && since <= asOf
                ? new ReportClause(c.Ref, c.Kind, c.Status, since)
                : new ReportClause(c.Ref, c.Kind, ClauseStatus.Active, order.Served))
            .ToList();

        var addedAt = RowsAdded(store, order);
        var defendants = new List<ReportDefendant>();
        var latencies = new List<TakedownLatency>();
        var overdue = new List<OverdueListing>();
        var exposures = new List<ReportExposure>();
        var suppressions = new List<ReportSuppression>();
        var timeline = new List<TimelineEvent>();
        var takenDown = new HashSet<string>(StringComparer.Ordinal);
        var relisted = new HashSet<string>(StringComparer.Ordinal);
        var relistedDown = new HashSet<string>(StringComparer.Ordinal);
        var openTakedowns = new HashSet<long>();
        var day = DateOnly.FromDateTime(asOf.UtcDateTime);

        foreach (var row in store.Defendants(order.Id).OrderBy(d => d.No))
        {
            // A row a modification added is on Schedule A from that modification's service.
            if (addedAt.TryGetValue(row.No, out var added) && added > asOf) continue;
            var merchants = row.Merchants
                .Where(m => m.At <= asOf || (Automatic(m.Method) && added == default && order.Served <= asOf))
                .Select(m => m.Merchant).Distinct(StringComparer.Ordinal).ToList();
            var status = row.DismissedAt is { } dismissed && dismissed <= asOf ? ReportDefendantStatus.Dismissed
                : merchants.Count > 0 ? ReportDefendantStatus.Resolved : ReportDefendantStatus.Unresolved;

            var actions = merchants.SelectMany(store.ActionsOfMerchant).Where(a => a.At <= asOf).DistinctBy(a => a.Id).OrderBy(a => a.At).ThenBy(a => a.Id).ToList();
            var closed = ClosedActions(store, merchants);
            bool ConfirmedBy(EnforcementAction a) => a.Status == ActionStatus.Confirmed && a.ConfirmedAt is { } c && c <= asOf;

            // §5.5 listings_taken_down: takedowns under this order (or one it supersedes), at service or of relists — not notices'.
            var takedowns = actions.Where(a => a.Kind == ActionKind.TakedownListing && a.Listing is not null && a.Order is { } o && inChain.Contains(o)).ToList();
            var down = takedowns.Where(ConfirmedBy).Select(a => a.Listing!).ToHashSet(StringComparer.Ordinal);
            foreach (var a in takedowns.Where(a => !ConfirmedBy(a) && !(closed.TryGetValue(a.Id, out var end) && end <= asOf))) openTakedowns.Add(a.Id);

            // §5.5 relists: matching listings the defendant posted after service, as the engine detected them.
            var relists = new HashSet<string>(StringComparer.Ordinal);
            foreach (var merchant in merchants)
                foreach (var entry in store.LedgerOf(merchant, "relisting_detected"))
                    if (entry.At <= asOf && Data(entry) is { } data && (string?)data["order"] is { } o && inChain.Contains(o) && (string?)data["listing"] is { } listing)
                        relists.Add(listing);
            var relistsDown = relists.Where(down.Contains).ToHashSet(StringComparer.Ordinal);

            foreach (var a in takedowns.Where(ConfirmedBy))
                latencies.Add(new TakedownLatency(row.No, a.Merchant, a.Listing!, a.Id, relists.Contains(a.Listing!), a.At, a.ConfirmedAt!.Value,
                    (a.ConfirmedAt!.Value - a.At).TotalSeconds));

            // §5.5 payout_holds: the marketplace confirmed a hold, and no release after it, by T (whichever order asked: decision 003).
            var held = merchants.Any(m => store.ActionsOfMerchant(m)
                .Where(a => a.Kind is ActionKind.HoldPayouts or ActionKind.ReleasePayouts && ConfirmedBy(a))
                .OrderBy(a => a.ConfirmedAt).ThenBy(a => a.Id)
                .LastOrDefault() is { Kind: ActionKind.HoldPayouts });

            var strikes = merchants.Sum(m => store.StrikesOf(m).Count(s => s.ActiveAt(asOf)));

            // §5.5 exposures: promotions of the defendant after knowledge resting on the order (as OrderExposures counts them).
            var mine = merchants.SelectMany(m => store.Exposures(m))
                .Where(e => e.At <= asOf && e.Reasons.Any(r => UnderOrder(r.Basis)))
                .DistinctBy(e => e.Promotion).OrderBy(e => e.At).ThenBy(e => e.Id).ToList();
            var surfaces = mine.GroupBy(e => e.Surface).OrderBy(g => g.Key)
                .ToDictionary(g => Words<Gate.Surface>.Of(g.Key), g => g.Count(), StringComparer.Ordinal);
            exposures.AddRange(mine.Select(e => new ReportExposure(row.No, e.Promotion, e.Surface, e.Merchant, e.Listing, e.At, e.Codes)));

            var facts = merchants.SelectMany(store.FactsOfMerchant).DistinctBy(f => f.Id).Where(f => f.Since <= asOf).OrderBy(f => f.Since).ThenBy(f => f.Id).ToList();
            var knowledge = facts.Where(f => f.Interval.Contains(asOf)).Select(f => KnowledgeView.FactOf(f) with { Until = null }).ToList();

            // §5.5 overdue: listings still active takedown_sla after the order's knowledge (the engine's own active_despite_notice facts).
            foreach (var f in facts.Where(f => f.Code == KnowledgeCode.ActiveDespiteNotice && f.Listing is not null && UnderOrder(f.Basis)).DistinctBy(f => f.Listing))
                overdue.Add(new OverdueListing(row.No, f.Merchant, f.Listing!, f.Since, f.Until is { } u && u <= asOf ? u : null));

            foreach (var merchant in merchants)
                suppressions.AddRange(store.Suppressions(merchant).Where(s => s.Day <= day)
                    .Select(s => new ReportSuppression(row.No, s.Merchant, s.Surface, s.Day, s.Count)));

            foreach (var f in facts)
            {
                var what = Words<KnowledgeCode>.Of(f.Code);
                timeline.Add(new TimelineEvent(row.No, f.Since, TimelineKind.KnowledgeOpened, what, f.Merchant, f.Listing));
                if (f.Until is { } until && until <= asOf) timeline.Add(new TimelineEvent(row.No, until, TimelineKind.KnowledgeClosed, what, f.Merchant, f.Listing));
            }
            foreach (var a in actions)
            {
                var what = Words<ActionKind>.Of(a.Kind);
                timeline.Add(new TimelineEvent(row.No, a.At, TimelineKind.ActionIssued, what, a.Merchant, a.Listing));
                if (ConfirmedBy(a)) timeline.Add(new TimelineEvent(row.No, a.ConfirmedAt!.Value, TimelineKind.ActionConfirmed, what, a.Merchant, a.Listing));
            }

            takenDown.UnionWith(down);
            relisted.UnionWith(relists);
            relistedDown.UnionWith(relistsDown);
            defendants.Add(new ReportDefendant(row.No, row.Name, merchants, status, down.Count, relists.Count, relistsDown.Count, held, strikes,
                surfaces, knowledge));
        }

        var seconds = latencies.DistinctBy(l => l.Action).Select(l => l.Seconds).ToList();
        var totals = new ReportTotals(
            defendants.Count,
            defendants.Count(d => d.Status == ReportDefendantStatus.Resolved),
            defendants.Count(d => d.Status == ReportDefendantStatus.Unresolved),
            takenDown.Count,
            Percentile(seconds, 50),
            Percentile(seconds, 95),
            relisted.Count,
            relistedDown.Count,
            defendants.Count(d => d.PayoutsHeld),
            exposures.DistinctBy(e => e.Promotion).Count(),
            overdue.DistinctBy(o => o.Listing).Count());

        var head = store.LedgerHead;
        var record = new ReportRecord(chain, order.Court, order.Plaintiff, order.Issued, order.Expires, order.Marks, store.Clock,
            PolicyAt(store, current, asOf), new ReportLedger(head == 0 ? 0 : 1, head, store.LedgerEntryAt(head)?.Hash ?? LedgerChain.GenesisHash),
            defendants.Count(d => d.Status == ReportDefendantStatus.Dismissed), openTakedowns.Count,
            [.. latencies.OrderBy(l => l.Confirmed).ThenBy(l => l.Action)], overdue, exposures,
            [.. suppressions.OrderBy(s => s.Day).ThenBy(s => s.Defendant).ThenBy(s => s.Surface)],
            [.. timeline.OrderBy(e => e.At).ThenBy(e => e.Defendant).ThenBy(e => e.Event)]);
        return new ComplianceReport(new ReportOrder(order.Id, order.Case, order.Kind, order.Served, clauses), asOf, totals, defendants, record);
    }

    /// <summary>
    /// Nearest-rank percentile: the smallest value with at least p % of the values at or below it; null for no values
    /// (no confirmed takedown is no latency, not a latency of zero).
    /// </summary>
    public static double? Percentile(IReadOnlyCollection<double> values, int p)
    {
        if (values.Count == 0) return null;
        var sorted = values.Order().ToList();
        var rank = (int)Math.Ceiling(p / 100.0 * sorted.Count);
        return sorted[Math.Clamp(rank, 1, sorted.Count) - 1];
    }

    /// <summary>The order and every order it supersedes, newest first: a PI's report includes what was done under its TRO.</summary>
    static List<string> Chain(IStoreTransaction store, Order order)
    {
        var chain = new List<string> { order.Id };
        for (var o = order; o.Supersedes is { } previous && !chain.Contains(previous) && store.GetOrder(previous) is { } next; o = next)
            chain.Add(next.Id);
        return chain;
    }

    /// <summary>Rows that modifications of the order added, with the time each was added (the modification's service).</summary>
    static Dictionary<int, DateTimeOffset> RowsAdded(IStoreTransaction store, Order order)
    {
        var added = new Dictionary<int, DateTimeOffset>();
        foreach (var change in store.Orders().Where(o => o.Modifies == order.Id && o.Kind == OrderKind.Modification && o.InForce))
            foreach (var row in OrderInput.Parse(change.Id, change.Document).AddDefendants)
                added.TryAdd(row.No, change.Served);
        return added;
    }

    /// <summary>Resolution at import (seller id, URL, name) holds from the order's service even when the order was imported later.</summary>
    static bool Automatic(ResolutionMethod method) => method is ResolutionMethod.SellerId or ResolutionMethod.StoreUrl or ResolutionMethod.StoreName;

    /// <summary>When each of the merchants' actions was cancelled or failed (the action row keeps only the confirmation time).</summary>
    static Dictionary<long, DateTimeOffset> ClosedActions(IStoreTransaction store, IReadOnlyList<string> merchants)
    {
        var closed = new Dictionary<long, DateTimeOffset>();
        foreach (var merchant in merchants)
            foreach (var kind in (string[])["action_cancelled", "action_failed"])
                foreach (var entry in store.LedgerOf(merchant, kind))
                    if (Data(entry)?["action"] is JsonValue id && id.TryGetValue<long>(out var action))
                        closed.TryAdd(action, entry.At);
        return closed;
    }

    /// <summary>
    /// The policy in force at T: the last <c>policy_in_force</c> event at or before T; before the first one, the first
    /// (it was in force when anything was first recorded); with none recorded, the engine's own.
    /// </summary>
    static ReportPolicy PolicyAt(IStoreTransaction store, Policy current, DateTimeOffset asOf)
    {
        var recorded = store.LedgerOf("policy", "policy_in_force");
        var entry = recorded.LastOrDefault(e => e.At <= asOf) ?? (recorded.Count > 0 ? recorded[0] : null);
        return entry is not null && Data(entry) is JsonObject terms
            ? new ReportPolicy(entry.Seq, entry.At, terms.DeepClone().AsObject())
            : new ReportPolicy(null, null, current.ToJson());
    }

    static JsonObject? Data(LedgerEntry entry) => JsonNode.Parse(entry.Payload)?["data"] as JsonObject;
}
