using Enjoin.Actions;
using Enjoin.Review;
using Enjoin.Tests.Support;

namespace Enjoin.Tests.Screening;

/// <summary>
/// Retroactive screening (DESIGN §4.5, issue 6 item 3): when an order's marks come into force, the listings already
/// active are screened for them — a defendant's match comes down under the order, anyone else's is a review item.
/// A reviewer's rejection holds: the same evidence is not raised again.
/// </summary>
public sealed class RetroactiveScreeningTests
{
    const string Served = "2022-12-28T15:00:00Z";
    static readonly Def[] One = [new Def(1, "19885566 Store", "M-1")];

    static History Marketplace() => History.Create()
        .Merchant("M-1", "19885566 Store")
        .Merchant("M-2", "Honest Toys")
        .Listing("L-1", "M-1", "SQUISHMALLOWS plush 8in", "2022-12-01T00:00:00Z")
        .Listing("L-2", "M-2", "Squish-Mallows style cushion", "2022-12-01T00:00:00Z")
        .Listing("L-3", "M-2", "Marshmallow squishy toy", "2022-12-01T00:00:00Z")
        .Listing("L-4", "M-2", "Squishmallows keyring", "2022-12-01T00:00:00Z", status: "inactive");

    static string Tro(string id = "kt-tro", string served = Served, string? supersedes = null, string kind = "temporary_restraining_order") =>
        OrderJson.Injunction(id, served, One, ["cease_infringement"], kind: kind, supersedes: supersedes);

    [Fact]
    public void Listings_already_active_are_screened_when_the_order_is_served()
    {
        using var h = Marketplace().Order(Tro());

        Assert.Equal("L-1", Assert.Single(h.Actions("M-1", ActionKind.TakedownListing)).Listing);
        var hit = Assert.Single(h.Review(ReviewKind.ScreeningHit));
        Assert.Equal("L-2", hit.Listing);
        Assert.Equal("M-2", hit.Merchant);
        Assert.Equal("kt-tro", hit.Order);
        Assert.Equal(History.T(Served), hit.Created);
        Assert.Equal("SQUISHMALLOWS", (string?)hit.Evidence["mark"]);
        Assert.Equal("Squish-Mallows", (string?)hit.Evidence["matched"]);
        // A review item is a question, not an action: the honest merchant's listing stays up.
        Assert.Empty(h.Actions("M-2", ActionKind.TakedownListing));
        Assert.True(h.Allows("M-2", "2022-12-28T15:00:01Z", "L-2"));
    }

    [Fact]
    public void Order_served_later_than_its_import_screens_at_its_served_time()
    {
        using var h = Marketplace();
        h.Order(Tro(served: "2023-01-05T00:00:00Z"), at: "2022-12-28T00:00:00Z");
        Assert.Empty(h.Review(ReviewKind.ScreeningHit));

        h.Advance("2023-01-06T00:00:00Z");

        Assert.Equal(History.T("2023-01-05T00:00:00Z"), Assert.Single(h.Review(ReviewKind.ScreeningHit)).Created);
    }

    [Fact]
    public void Rejected_hit_is_not_raised_again_by_the_next_order_of_the_case_or_the_same_listing_event()
    {
        using var h = Marketplace().Order(Tro());
        var hit = Assert.Single(h.Review(ReviewKind.ScreeningHit));
        h.Decide(hit.Id, accept: false, "generic cushion; no use of the mark as a brand", "2022-12-29T00:00:00Z");

        h.Order(Tro("kt-pi", "2023-01-10T00:00:00Z", supersedes: "kt-tro", kind: "preliminary_injunction"));
        h.Listing("L-2", "M-2", "Squish-Mallows style cushion", "2023-01-11T00:00:00Z");

        Assert.Single(h.Review(ReviewKind.ScreeningHit));
    }

    [Fact]
    public void Rejected_hit_is_raised_again_when_the_listing_shows_the_mark_differently()
    {
        using var h = Marketplace().Order(Tro());
        var hit = Assert.Single(h.Review(ReviewKind.ScreeningHit));
        h.Decide(hit.Id, accept: false, "generic cushion", "2022-12-29T00:00:00Z");

        h.Listing("L-2", "M-2", "SQUISHMALLOWS Official cushion", "2023-01-11T00:00:00Z");

        var items = h.Review(ReviewKind.ScreeningHit);
        Assert.Equal(2, items.Count);
        Assert.Equal("SQUISHMALLOWS", (string?)items.Single(i => i.Status == ReviewStatus.Open).Evidence["matched"]);
    }
}
