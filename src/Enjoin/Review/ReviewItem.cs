using System.Text.Json.Nodes;

namespace Enjoin.Review;

public enum ReviewKind { UnresolvedDefendant, AliasCandidate, DisableStorefront, ScreeningHit, NearDuplicate, CounterNotice }

public enum ReviewStatus { Open, Accepted, Rejected, Moot }

/// <summary>A question Enjoin does not answer alone: a person (reviewer or legal) decides.</summary>
public sealed record ReviewItem(
    long Id, ReviewKind Kind, ReviewStatus Status, string? Merchant, string? Listing, string? Order,
    int? Defendant, JsonObject Evidence, DateTimeOffset Created)
{
    public DateTimeOffset? DecidedAt { get; init; }
    public string? DecidedBy { get; init; }
    public string? Reason { get; init; }
}
