using Enjoin.Actions;
using Enjoin.Knowledge;
using Enjoin.Listings;
using Enjoin.Review;
using Enjoin.Tests.Support;

namespace Enjoin.Tests.Orders;

/// <summary>
/// DESIGN §4.1.2 cease_infringement and §4.3: the defendant's matching listings come down at service,
/// its later matching listings come down as relistings; other merchants' matches go to a reviewer.
/// </summary>
public sealed class RelistingTests
{
    const string Served = "2022-12-28T15:00:00Z";
    const string Later = "2023-01-05T08:00:00Z";

    static History Served_order() => History.Create()
        .Merchant("M-1", "19885566 Store", "https://shop.example/store/19885566", "P-1")
        .Merchant("M-9", "Honest Toys", "https://shop.example/store/honest", "P-9")
        .Listing("L-1", "M-1", "Squish-Mallows plush", "2022-12-20T00:00:00Z")
        .Listing("L-2", "M-1", "Marshmallow pillow", "2022-12-20T00:00:00Z")
        .Listing("L-3", "M-1", "Squishmallows keychain", "2022-12-20T00:00:00Z", status: "inactive")
        .Order(OrderJson.Tro("kt-tro", Served, [new Def(1, "19885566 Store", "M-1")], "cease_infringement"));

    [Fact]
    public void Cease_infringement_takes_down_only_the_defendants_active_listings_matching_the_marks()
    {
        using var h = Served_order();

        var takedown = Assert.Single(h.Actions(ActionStatus.Confirmed), a => a.Kind == ActionKind.TakedownListing);
        Assert.Equal("L-1", takedown.Listing);
        Assert.Equal(History.T(Served), takedown.At);
        Assert.Equal("1(a)", takedown.Basis.Clause);
        Assert.Equal(ListingStatus.Removed, h.StoredListing("L-1")!.Status);
        // Not its other listings: the honest one stays up, the inactive one is not touched.
        Assert.Equal(ListingStatus.Active, h.StoredListing("L-2")!.Status);
        Assert.Equal(ListingStatus.Inactive, h.StoredListing("L-3")!.Status);
        Assert.DoesNotContain(h.Actions(), a => a.Listing is "L-2" or "L-3");
    }

    [Fact]
    public void Order_takedown_makes_the_listing_noticed_from_service()
    {
        using var h = Served_order();

        var noticed = Assert.Single(h.Facts("M-1", KnowledgeCode.ListingNoticed));
        Assert.Equal("L-1", noticed.Listing);
        Assert.Equal(History.T(Served), noticed.Since);
        Assert.Null(noticed.Until);
        Assert.Equal("kt-tro", noticed.Basis.Order);
        Assert.Contains(h.Gate("M-1", "2022-12-28T15:00:01Z", "L-1").Reasons, r => r.Code == KnowledgeCode.ListingNoticed);
        Assert.DoesNotContain(h.Gate("M-1", "2022-12-28T15:00:01Z", "L-2").Reasons, r => r.Code == KnowledgeCode.ListingNoticed);
    }

    [Fact]
    public void Defendants_later_matching_listing_is_taken_down_automatically_as_a_relisting()
    {
        using var h = Served_order().Listing("L-4", "M-1", "Squish mallows style 8in", Later);

        // Before the relisting, the merchant was enjoined but had not relisted.
        Assert.DoesNotContain(h.Facts("M-1", KnowledgeCode.RelistedAfterOrder), f => f.Since < History.T(Later));

        var takedown = Assert.Single(h.Actions("M-1", ActionKind.TakedownListing), a => a.Listing == "L-4");
        Assert.Equal(History.T(Later), takedown.At);
        Assert.Equal("kt-tro", takedown.Basis.Order);
        Assert.Contains("relisting", takedown.Basis.Reason, StringComparison.Ordinal);
        Assert.Equal(ListingStatus.Removed, h.StoredListing("L-4")!.Status);

        var relisted = Assert.Single(h.Facts("M-1", KnowledgeCode.RelistedAfterOrder));
        Assert.Equal(History.T(Later), relisted.Since);
        Assert.Null(relisted.Until);
        Assert.Contains(h.Gate("M-1", "2023-01-05T08:00:01Z").Reasons, r => r.Code == KnowledgeCode.RelistedAfterOrder);
        Assert.DoesNotContain(h.Gate("M-1", "2023-01-05T07:59:59Z").Reasons, r => r.Code == KnowledgeCode.RelistedAfterOrder);
        Assert.Empty(h.Review(ReviewKind.ScreeningHit));
    }

    [Fact]
    public void Defendants_changed_listing_that_now_matches_is_a_relisting()
    {
        using var h = Served_order().Listing("L-2", "M-1", "Marshmallow pillow — Squishmallows edition", Later);

        var takedown = Assert.Single(h.Actions("M-1", ActionKind.TakedownListing), a => a.Listing == "L-2");
        Assert.Equal(History.T(Later), takedown.At);
        Assert.Single(h.Facts("M-1", KnowledgeCode.RelistedAfterOrder));
    }

    [Fact]
    public void Defendants_inactive_matching_listing_made_active_again_is_a_relisting()
    {
        using var h = Served_order().Listing("L-3", "M-1", "Squishmallows keychain", Later);

        var takedown = Assert.Single(h.Actions("M-1", ActionKind.TakedownListing), a => a.Listing == "L-3");
        Assert.Equal(History.T(Later), takedown.At);
        Assert.Equal(ListingStatus.Removed, h.StoredListing("L-3")!.Status);
        Assert.Equal(History.T(Later), Assert.Single(h.Facts("M-1", KnowledgeCode.RelistedAfterOrder)).Since);
    }

    [Fact]
    public void Defendants_later_non_matching_listing_stays_up_and_is_no_relisting()
    {
        using var h = Served_order().Listing("L-5", "M-1", "Marshmallow cushion, soft", Later);

        Assert.Equal(ListingStatus.Active, h.StoredListing("L-5")!.Status);
        Assert.DoesNotContain(h.Actions(), a => a.Listing == "L-5");
        Assert.Empty(h.Facts("M-1", KnowledgeCode.RelistedAfterOrder));
    }

    [Fact]
    public void Non_defendants_matching_listing_is_only_a_screening_hit()
    {
        using var h = Served_order().Listing("L-9", "M-9", "Squishmallows 12in", Later);

        Assert.Equal(ListingStatus.Active, h.StoredListing("L-9")!.Status);
        Assert.DoesNotContain(h.Actions(), a => a.Merchant == "M-9");
        Assert.Empty(h.Knowledge("M-9").Facts);
        Assert.True(h.Allows("M-9", "2023-01-05T08:00:01Z", "L-9"));
        var hit = Assert.Single(h.Review(ReviewKind.ScreeningHit));
        Assert.Equal("M-9", hit.Merchant);
        Assert.Equal("L-9", hit.Listing);
        Assert.Equal(ReviewStatus.Open, hit.Status);
        Assert.Equal("SQUISHMALLOWS", (string?)hit.Evidence["mark"]);
    }

    [Fact]
    public void Listing_posted_before_service_is_not_a_relisting()
    {
        using var h = Served_order();

        Assert.Empty(h.Facts("M-1", KnowledgeCode.RelistedAfterOrder));
        Assert.DoesNotContain(h.Ledger(), e => e.Kind == "relisting_detected");
    }
}
