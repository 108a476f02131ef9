using System.Text.Json.Nodes;
using Enjoin.Common;
using Enjoin.Engine;
using Enjoin.Listings;
using Enjoin.Orders;
using Enjoin.Review;

namespace Enjoin.Screening;

/// <summary>
/// What screening finds in a listing of a merchant no order covers (DESIGN §4.5): a question for a reviewer,
/// with the evidence — the mark, the field and the matched span of the original text. A listing is asked about
/// once for the same evidence: a rejected hit is not raised again unless the listing's matched text changes.
/// </summary>
public static class ScreeningHits
{
    public static void Raise(EngineSession s, Listing listing, MarkMatch hit, string? order, DateTimeOffset at)
    {
        var text = hit.Field switch
        {
            ListingField.Title => listing.Title,
            ListingField.Description => listing.Description,
            _ => listing.Brand,
        } ?? "";
        var matched = text.Substring(hit.Start, Math.Min(hit.Length, text.Length - hit.Start));
        var asked = s.Store.ReviewItemsOfMerchant(listing.Merchant).Any(i => i.Kind == ReviewKind.ScreeningHit && i.Listing == listing.Id &&
            (i.Status == ReviewStatus.Open || ((string?)i.Evidence["mark"] == hit.Mark && (string?)i.Evidence["matched"] == matched)));
        if (asked) return;
        s.OpenReview(ReviewKind.ScreeningHit, listing.Merchant, listing.Id, order, null, new JsonObject
        {
            ["mark"] = hit.Mark, ["field"] = Words<ListingField>.Of(hit.Field), ["start"] = hit.Start, ["length"] = hit.Length,
            ["matched"] = matched, ["normalized"] = hit.Normalized, ["distance"] = hit.Distance,
        }, at);
    }

    /// <summary>
    /// Retroactive screening (issue 6): an order's marks come into force, so the active listings already on the
    /// marketplace are screened for them — the defendants' by the order itself, everyone else's here.
    /// </summary>
    public static void ScreenExisting(EngineSession s, Order order, IReadOnlySet<string> defendants, DateTimeOffset at) =>
        ScreenExisting(s, order.Marks, order.Id, defendants, at);

    /// <summary>The same for marks (an order's, or a rights holder's newly registered one, <paramref name="order"/> null).</summary>
    public static void ScreenExisting(EngineSession s, IReadOnlyCollection<string> marks, string? order, IReadOnlySet<string> excluded, DateTimeOffset at)
    {
        var matcher = MarkMatchers.For(marks, MarkMatchers.AllowedByMark(s.Store));
        if (matcher.Marks.Count == 0) return;
        string? after = null;
        while (s.Store.ActiveListingsAfter(after, 5000) is { Count: > 0 } page)
        {
            foreach (var listing in page)
                if (!excluded.Contains(listing.Merchant) && matcher.FirstMatch(listing.Title, listing.Description, listing.Brand) is { } hit)
                    Raise(s, listing, hit, order, at);
            after = page[^1].Id;
        }
    }
}
