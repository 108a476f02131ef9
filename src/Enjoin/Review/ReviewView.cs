using System.Text.Json.Nodes;

namespace Enjoin.Review;

/// <summary>A review item as <c>review list --json</c> prints it (DESIGN §5.3).</summary>
public sealed record ReviewView(long Id, ReviewKind Kind, ReviewStatus Status, string? Merchant, string? Listing, string? Order,
    int? Defendant, JsonObject Evidence, DateTimeOffset Created)
{
    public static ReviewView Of(ReviewItem i) =>
        new(i.Id, i.Kind, i.Status, i.Merchant, i.Listing, i.Order, i.Defendant, (JsonObject)i.Evidence.DeepClone(), i.Created);
}
