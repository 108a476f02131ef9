namespace Enjoin.Orders;

public enum OrderKind
{
    TemporaryRestrainingOrder, PreliminaryInjunction, PermanentInjunction, Modification, Dissolution,
}

public enum ClauseKind { CeaseInfringement, RestrainAssets, PreserveRecords, DisableStorefront, DiscloseInformation }

public enum ClauseStatus { Active, Struck, Expired, Dissolved }

public enum DefendantStatus { Resolved, Unresolved }

/// <summary>How a Schedule A row was matched to an account (DESIGN §4.1.1, §4.1.3).</summary>
public enum ResolutionMethod { SellerId, StoreUrl, StoreName, Reviewer, Alias }

/// <summary>A court order served on the platform (DESIGN §3). Modifications and dissolutions are orders too.</summary>
public sealed record Order(
    string Id, OrderKind Kind, string? Case, string? Court, string? Plaintiff, DateOnly? Issued,
    DateTimeOffset Served, DateTimeOffset? Expires, string? Supersedes, string? Modifies,
    IReadOnlyList<string> Marks, bool CoversAliases)
{
    /// <summary>True once the order has taken effect (its served time has passed in event time).</summary>
    public bool InForce { get; init; }

    /// <summary>The canonical JSON of the order as imported; a re-import must match it exactly.</summary>
    public string Document { get; init; } = "";

    public bool IsInjunction => Kind is OrderKind.TemporaryRestrainingOrder or OrderKind.PreliminaryInjunction
        or OrderKind.PermanentInjunction;
}

/// <summary>One directive of an order, with the order's own reference and its current status.</summary>
public sealed record Clause(string Order, int Ordinal, string Ref, ClauseKind Kind, ClauseStatus Status, DateTimeOffset? Since);

/// <summary>A Schedule A row and the merchant accounts it resolved to.</summary>
public sealed record Defendant(
    string Order, int No, string? Name, string? SellerId, string? StoreUrl,
    DefendantStatus Status, DateTimeOffset? DismissedAt)
{
    public IReadOnlyList<DefendantMerchant> Merchants { get; init; } = [];
    public bool Dismissed => DismissedAt is not null;
}

public sealed record DefendantMerchant(string Merchant, ResolutionMethod Method, DateTimeOffset At);
