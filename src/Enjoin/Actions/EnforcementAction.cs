using Enjoin.Common;

namespace Enjoin.Actions;

public enum ActionKind
{
    TakedownListing, RestoreListing, HoldPayouts, ReleasePayouts, PreserveRecords, ReleaseRecordsHold,
    SuspendAccount, TerminateAccount, DisableStorefront, ProduceRecords,
}

/// <summary><c>pending → sent → confirmed | failed | cancelled</c> (DESIGN §3).</summary>
public enum ActionStatus { Pending, Sent, Confirmed, Failed, Cancelled }

/// <summary>An enforcement instruction to the marketplace, with what caused it.</summary>
public sealed record EnforcementAction(
    long Id, ActionKind Kind, string Merchant, string? Listing, ActionStatus Status, Basis Basis,
    DateTimeOffset At, DateTimeOffset? ConfirmedAt, long CauseSeq)
{
    /// <summary>The order and clause ordinal that caused it, when an order did, so a struck clause can cancel it.</summary>
    public string? Order { get; init; }
    public int? ClauseOrdinal { get; init; }

    public bool IsOpen => Status is ActionStatus.Pending or ActionStatus.Sent;
}
