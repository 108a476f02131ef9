using System.Globalization;
using Enjoin.Actions;
using Enjoin.Knowledge;
using Enjoin.Review;
using Enjoin.Tests.Support;

namespace Enjoin.Tests.Screening.Images;

/// <summary>
/// DESIGN §4.5 images: a listing image within PDQ distance 31 of an image of a listing taken down for infringement is
/// a near-duplicate — for an enjoined merchant a takedown under the order, for anyone else a <c>near_duplicate</c>
/// review item with both listings; accepting it takes the listing down.
/// </summary>
public sealed class NearDuplicateScreeningTests
{
    const string Served = "2022-12-28T15:00:00Z";
    static readonly Def[] One = [new Def(1, "19885566 Store", "M-1")];

    /// <summary>A fixed 256-bit hash, and the same with its first <paramref name="flipped"/> bits inverted.</summary>
    static string Photo(int flipped = 0, int seed = 7)
    {
        var bytes = new byte[32];
        new Random(seed).NextBytes(bytes);
        for (var bit = 0; bit < flipped; bit++) bytes[bit / 8] ^= (byte)(0x80 >> (bit % 8));
        return Convert.ToHexStringLower(bytes);
    }

    static History Marketplace() => History.Create()
        .Merchant("M-1", "19885566 Store")
        .Merchant("M-2", "Honest Toys")
        .Merchant("M-3", "Other Seller")
        .Listing("L-1", "M-1", "SQUISHMALLOWS plush 8in", "2022-12-01T00:00:00Z", images: [Photo()])
        .Order(OrderJson.Injunction("kt-tro", Served, One, ["cease_infringement"]));

    [Fact]
    public void The_order_s_takedown_puts_the_photo_in_the_index_and_an_enjoined_relisting_by_photo_comes_down()
    {
        using var h = Marketplace();
        Assert.Equal("L-1", Assert.Single(h.Actions("M-1", ActionKind.TakedownListing)).Listing);

        // No mark in the text: only the photo gives it away.
        h.Listing("L-9", "M-1", "Cute plush pillow", "2023-01-03T00:00:00Z", images: [Photo(flipped: 31)]);

        var takedowns = h.Actions("M-1", ActionKind.TakedownListing);
        Assert.Contains(takedowns, a => a.Listing == "L-9" && a.At == History.T("2023-01-03T00:00:00Z"));
        Assert.Contains("near-duplicate of L-1", takedowns.Single(a => a.Listing == "L-9").Basis.Reason);
        Assert.Single(h.Facts("M-1", KnowledgeCode.RelistedAfterOrder));
        Assert.True(h.Denies("M-1", "2023-01-03T00:00:01Z", "L-9"));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(31)]
    public void Another_merchant_s_listing_with_a_near_duplicate_photo_is_a_review_item_with_both_listings(int flipped)
    {
        using var h = Marketplace();
        h.Listing("L-2", "M-2", "Soft cushion", "2023-01-03T00:00:00Z", images: [Photo(seed: 99), Photo(flipped)]);

        var item = Assert.Single(h.Review(ReviewKind.NearDuplicate));
        Assert.Equal("L-2", item.Listing);
        Assert.Equal("M-2", item.Merchant);
        Assert.Equal("L-1", (string?)item.Evidence["matched_listing"]);
        Assert.Equal("M-1", (string?)item.Evidence["matched_merchant"]);
        Assert.Equal(flipped, (int?)item.Evidence["distance"]);
        Assert.Equal(1, (int?)item.Evidence["image_index"]);
        Assert.Equal(Photo(flipped), (string?)item.Evidence["image"]);
        Assert.Equal(Photo(), (string?)item.Evidence["matched_image"]);
        // A question, not an action.
        Assert.Empty(h.Actions("M-2", ActionKind.TakedownListing));
        Assert.True(h.Allows("M-2", "2023-01-03T00:00:01Z", "L-2"));
    }

    [Fact]
    public void A_photo_32_bits_away_is_not_a_near_duplicate()
    {
        using var h = Marketplace();
        h.Listing("L-2", "M-2", "Soft cushion", "2023-01-03T00:00:00Z", images: [Photo(flipped: 32)]);
        h.Listing("L-3", "M-1", "Cute plush pillow", "2023-01-03T00:00:00Z", images: [Photo(flipped: 32)]);

        Assert.Empty(h.Review(ReviewKind.NearDuplicate));
        Assert.DoesNotContain(h.Actions("M-1", ActionKind.TakedownListing), a => a.Listing == "L-3");
    }

    [Fact]
    public void Photos_of_listings_taken_down_by_notice_count_too_and_restored_ones_stop_counting()
    {
        using var h = History.Create()
            .Merchant("M-2", "Honest Toys").Merchant("M-3", "Other Seller")
            .Listing("L-5", "M-3", "Plush", "2023-01-01T00:00:00Z", images: [Photo(seed: 5)])
            .Notice("N-1", "2023-01-02T00:00:00Z", ["L-5"]);

        h.Listing("L-6", "M-2", "Plush toy", "2023-01-03T00:00:00Z", images: [Photo(flipped: 3, seed: 5)]);
        Assert.Equal("L-5", (string?)Assert.Single(h.Review(ReviewKind.NearDuplicate)).Evidence["matched_listing"]);

        h.CounterNotice("C-1", "2023-01-04T00:00:00Z", "N-1", "L-5", "M-3").Advance("2023-02-01T00:00:00Z");
        Assert.Equal("active", h.StoredListing("L-5")!.Status.ToString().ToLower(CultureInfo.InvariantCulture));
        h.Listing("L-7", "M-2", "Plush toy 2", "2023-02-02T00:00:00Z", images: [Photo(flipped: 3, seed: 5)]);

        Assert.DoesNotContain(h.Review(ReviewKind.NearDuplicate), i => i.Listing == "L-7");
    }

    [Fact]
    public void Accepting_a_near_duplicate_takes_the_listing_down_and_the_platform_knows_it_from_the_decision()
    {
        using var h = Marketplace();
        h.Listing("L-2", "M-2", "Soft cushion", "2023-01-03T00:00:00Z", images: [Photo(flipped: 5)]);
        var item = Assert.Single(h.Review(ReviewKind.NearDuplicate));

        h.Decide(item.Id, accept: true, "same counterfeit photo, same packaging", "2023-01-04T00:00:00Z");

        var takedown = Assert.Single(h.Actions("M-2", ActionKind.TakedownListing));
        Assert.Equal("L-2", takedown.Listing);
        Assert.Equal(item.Id, takedown.Basis.Review);
        Assert.True(h.Allows("M-2", "2023-01-03T23:59:59Z", "L-2"));
        Assert.True(h.Denies("M-2", "2023-01-04T00:00:01Z", "L-2"));
        // Listing-level knowledge only: the honest merchant's other listings are not restricted.
        Assert.True(h.Allows("M-2", "2023-01-04T00:00:01Z"));
    }

    [Fact]
    public void A_rejected_pair_is_not_raised_again()
    {
        using var h = Marketplace();
        h.Listing("L-2", "M-2", "Soft cushion", "2023-01-03T00:00:00Z", images: [Photo(flipped: 5)]);
        var item = Assert.Single(h.Review(ReviewKind.NearDuplicate));
        h.Decide(item.Id, accept: false, "stock photo licensed to both sellers", "2023-01-04T00:00:00Z");

        h.Listing("L-2", "M-2", "Soft cushion, now in blue", "2023-01-05T00:00:00Z", images: [Photo(flipped: 5)]);

        Assert.Single(h.Review(ReviewKind.NearDuplicate));
    }

    [Fact]
    public void Accepting_a_screening_hit_takes_the_listing_down_on_the_reviewer_s_decision_naming_the_mark()
    {
        using var h = Marketplace();
        h.Listing("L-2", "M-2", "Squish mallows cushion", "2023-01-03T00:00:00Z");
        var hit = Assert.Single(h.Review(ReviewKind.ScreeningHit));

        h.Decide(hit.Id, accept: true, "counterfeit: the mark on the tag", "2023-01-04T00:00:00Z");

        var takedown = Assert.Single(h.Actions("M-2", ActionKind.TakedownListing));
        // The platform's own decision, not the court's: the order does not reach this merchant.
        Assert.Null(takedown.Basis.Order);
        Assert.Equal(hit.Id, takedown.Basis.Review);
        Assert.Contains("SQUISHMALLOWS", takedown.Basis.Reason);
        Assert.Contains("kt-tro", takedown.Basis.Reason);
        Assert.True(h.Denies("M-2", "2023-01-04T00:00:01Z", "L-2"));
    }
}
