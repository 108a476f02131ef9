using System.Text.Json.Nodes;
using Enjoin.Engine;
using Enjoin.Listings;
using Enjoin.Review;

namespace Enjoin.Screening.Images;

/// <summary>
/// A new listing's image within PDQ distance 31 of an image of a listing taken down for infringement (DESIGN §4.5):
/// for any merchant no order covers, a <c>near_duplicate</c> review item with both listings and the distance. The same
/// pair is asked about once: a rejection holds.
/// </summary>
public static class NearDuplicates
{
    /// <summary>The new listing's image <paramref name="Image"/> and the taken-down image it is near.</summary>
    public sealed record Pair(int Image, TakenDownImage Original, string OriginalHash, int Distance);

    public static JsonObject Evidence(Listing listing, Pair pair) => new()
    {
        ["image"] = listing.Images[pair.Image], ["image_index"] = pair.Image,
        ["matched_listing"] = pair.Original.Listing, ["matched_merchant"] = pair.Original.Merchant,
        ["matched_image"] = pair.OriginalHash, ["matched_image_index"] = pair.Original.Image,
        ["distance"] = pair.Distance,
    };

    public static string Found(Pair pair) => $"image near-duplicate of {pair.Original.Listing} (PDQ distance {pair.Distance})";

    public static void Raise(EngineSession s, Listing listing, Pair pair, DateTimeOffset at)
    {
        if (s.Store.ReviewItemsOfMerchant(listing.Merchant).Any(i => i.Kind == ReviewKind.NearDuplicate && i.Listing == listing.Id &&
                (string?)i.Evidence["matched_listing"] == pair.Original.Listing)) return;
        s.OpenReview(ReviewKind.NearDuplicate, listing.Merchant, listing.Id, null, null, Evidence(listing, pair), at);
    }
}
