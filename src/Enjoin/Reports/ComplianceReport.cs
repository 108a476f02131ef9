using System.Text.Json.Nodes;
using Enjoin.Gate;
using Enjoin.Knowledge;
using Enjoin.Orders;

namespace Enjoin.Reports;

/// <summary>The formats a compliance report is rendered in (DESIGN §5.1 <c>report --format</c>).</summary>
public enum ReportFormat { Json, Csv, Html, Pdf }

/// <summary>
/// The compliance report of one order as of a time (DESIGN §5.5): the first four members carry exactly the keys of
/// §5.5; <see cref="Record"/> carries what shows where the figures came from (policy, ledger range, timeline…).
/// </summary>
public sealed record ComplianceReport(ReportOrder Order, DateTimeOffset AsOf, ReportTotals Totals, IReadOnlyList<ReportDefendant> Defendants,
    ReportRecord Record);

public sealed record ReportOrder(string Id, string? Case, OrderKind Kind, DateTimeOffset Served, IReadOnlyList<ReportClause> Clauses);

/// <summary>A clause's status as of the report's time, and since when it has had it.</summary>
public sealed record ReportClause(string Ref, ClauseKind Kind, ClauseStatus Status, DateTimeOffset? Since);

public sealed record ReportTotals(int Defendants, int Resolved, int Unresolved, int ListingsTakenDown, double? TakedownSecondsP50,
    double? TakedownSecondsP95, int RelistsDetected, int RelistsTakenDown, int PayoutHolds, int Exposures, int Overdue);

/// <summary>A Schedule A row as of the report's time: dismissed once a modification dismissing it was served.</summary>
public enum ReportDefendantStatus { Resolved, Unresolved, Dismissed }

public sealed record ReportDefendant(int No, string? Name, IReadOnlyList<string> Merchants, ReportDefendantStatus Status, int ListingsTakenDown,
    int RelistsDetected, int RelistsTakenDown, bool PayoutsHeld, int Strikes, IReadOnlyDictionary<string, int> Exposures,
    IReadOnlyList<KnowledgeView.Fact> Knowledge);

/// <summary>What the report was drawn from and the detail behind its figures (beyond the keys of §5.5).</summary>
public sealed record ReportRecord(
    IReadOnlyList<string> Chain, string? Court, string? Plaintiff, DateOnly? Issued, DateTimeOffset? Expires, IReadOnlyList<string> Marks,
    DateTimeOffset? Clock, ReportPolicy Policy, ReportLedger Ledger, int Dismissed, int TakedownsOpen,
    IReadOnlyList<TakedownLatency> TakedownLatencies, IReadOnlyList<OverdueListing> OverdueListings, IReadOnlyList<ReportExposure> Exposures,
    IReadOnlyList<ReportSuppression> PromotionsSuppressed, IReadOnlyList<TimelineEvent> Timeline);

/// <summary>The policy in force at the report's time: its <c>policy_in_force</c> ledger event (null seq: none was recorded yet).</summary>
public sealed record ReportPolicy(long? Seq, DateTimeOffset? At, JsonObject Terms);

/// <summary>The ledger rows the report was drawn from, and the hash at the last of them: an auditor can check both offline.</summary>
public sealed record ReportLedger(long FromSeq, long ToSeq, string HeadHash);

/// <summary>One takedown under the order: from knowledge (service, or detection of a relist) to the marketplace's confirmation.</summary>
public sealed record TakedownLatency(int Defendant, string Merchant, string Listing, long Action, bool Relist, DateTimeOffset Knowledge,
    DateTimeOffset Confirmed, double Seconds);

/// <summary>A listing still active <c>takedown_sla</c> after knowledge (§4.3 <c>active_despite_notice</c>); until null while it is still up.</summary>
public sealed record OverdueListing(int Defendant, string Merchant, string Listing, DateTimeOffset Since, DateTimeOffset? Until);

public sealed record ReportExposure(int Defendant, string Promotion, Surface Surface, string Merchant, string? Listing, DateTimeOffset At,
    IReadOnlyList<KnowledgeCode> Codes);

/// <summary>Promotions the gate held back for a defendant's merchant, per surface and UTC day.</summary>
public sealed record ReportSuppression(int Defendant, string Merchant, Surface Surface, DateOnly Day, long Count);

/// <summary>One point of a defendant's timeline: knowledge opened or closed, an action issued or confirmed.</summary>
public sealed record TimelineEvent(int Defendant, DateTimeOffset At, TimelineKind Event, string What, string Merchant, string? Listing);

public enum TimelineKind { KnowledgeOpened, KnowledgeClosed, ActionIssued, ActionConfirmed }
