using Enjoin.Actions;
using Enjoin.Engine;
using Enjoin.Knowledge;
using Enjoin.Listings;
using Enjoin.Tests.Support;

namespace Enjoin.Tests.Knowledge;

/// <summary>
/// DESIGN §4.3 <c>active_despite_notice</c>: a noticed or ordered listing still active takedown_sla after
/// knowledge is knowledge about the merchant and the listing, until the listing is down. With the outbox
/// adapter the takedown waits for the marketplace's confirmation; with the mirror it is immediate.
/// </summary>
public sealed class ActiveDespiteNoticeTests
{
    const string Noticed = "2023-03-01T09:00:00Z";
    const string SlaLater = "2023-03-02T09:00:00Z";

    static readonly Policy Outbox = Policy.Default with { ActionAdapter = ActionAdapter.Outbox };

    static History Marketplace(Policy? policy = null) => History.Create(policy ?? Outbox)
        .Merchant("M-1", "19885566 Store")
        .Merchant("M-2", "Happy Toy World")
        .Listing("L-1", "M-1", "Squishmallows plush 8in", "2023-02-01T00:00:00Z")
        .Listing("L-2", "M-1", "Plush toy 12in", "2023-02-01T00:00:00Z")
        .Listing("L-21", "M-2", "Plush frog", "2023-02-01T00:00:00Z");

    static long Takedown(History h, string listing) =>
        h.Actions().Last(a => a.Kind == ActionKind.TakedownListing && a.Listing == listing).Id;

    [Fact]
    public void Takedown_not_confirmed_within_the_sla_is_active_despite_notice_from_notice_time_plus_sla()
    {
        using var h = Marketplace().Notice("N-1", Noticed, ["L-1"]);
        Assert.Equal(ActionStatus.Pending, Assert.Single(h.Actions()).Status);

        h.Advance("2023-03-02T08:59:59Z");
        Assert.Empty(h.Facts("M-1", KnowledgeCode.ActiveDespiteNotice));
        Assert.True(h.Allows("M-1", "2023-03-02T08:59:59Z"));

        h.Advance("2023-03-03T00:00:00Z");

        var fact = Assert.Single(h.Facts("M-1", KnowledgeCode.ActiveDespiteNotice));
        Assert.Equal(History.T(SlaLater), fact.Since);
        Assert.Null(fact.Until);
        Assert.Equal("L-1", fact.Listing);
        Assert.Equal("N-1", fact.Basis.Notice);
        // About the merchant (every surface, any of its listings) and about the listing.
        Assert.True(h.Denies("M-1", SlaLater));
        Assert.True(h.Denies("M-1", SlaLater, "L-2"));
        Assert.Contains(h.Gate("M-1", SlaLater, "L-1").Reasons, r => r.Code == KnowledgeCode.ActiveDespiteNotice);
        Assert.True(h.Allows("M-1", "2023-03-02T08:59:59Z", "L-2"));
        // Another merchant is untouched.
        Assert.True(h.Allows("M-2", SlaLater, "L-21"));
    }

    [Fact]
    public void Confirming_the_takedown_closes_active_despite_notice()
    {
        using var h = Marketplace().Notice("N-1", Noticed, ["L-1"]).Advance("2023-03-02T12:00:00Z");

        h.Confirm(Takedown(h, "L-1"), "2023-03-02T15:00:00Z");

        Assert.Equal(ListingStatus.Removed, h.StoredListing("L-1")!.Status);
        var fact = Assert.Single(h.Facts("M-1", KnowledgeCode.ActiveDespiteNotice));
        Assert.Equal(History.T("2023-03-02T15:00:00Z"), fact.Until);
        Assert.True(h.Denies("M-1", "2023-03-02T14:59:59Z"));
        Assert.True(h.Allows("M-1", "2023-03-02T15:00:01Z"));
        // The listing itself stays noticed.
        Assert.True(h.Denies("M-1", "2023-03-02T15:00:01Z", "L-1"));
    }

    [Fact]
    public void Takedown_confirmed_within_the_sla_gives_no_active_despite_notice()
    {
        using var h = Marketplace().Notice("N-1", Noticed, ["L-1"]);

        h.Confirm(Takedown(h, "L-1"), "2023-03-02T08:00:00Z").Advance("2023-03-10T00:00:00Z");

        Assert.Empty(h.Facts("M-1", KnowledgeCode.ActiveDespiteNotice));
        Assert.True(h.Allows("M-1", "2023-03-05T00:00:00Z"));
    }

    [Fact]
    public void Mirror_adapter_takes_down_at_once_and_gives_no_active_despite_notice()
    {
        using var h = Marketplace(Policy.Default).Notice("N-1", Noticed, ["L-1"]).Advance("2023-03-10T00:00:00Z");

        var takedown = Assert.Single(h.Actions());
        Assert.Equal(ActionStatus.Confirmed, takedown.Status);
        Assert.Equal(History.T(Noticed), takedown.ConfirmedAt);
        Assert.Empty(h.Facts("M-1", KnowledgeCode.ActiveDespiteNotice));
    }

    [Fact]
    public void Listing_going_down_by_itself_closes_active_despite_notice()
    {
        using var h = Marketplace().Notice("N-1", Noticed, ["L-1"]).Advance("2023-03-02T12:00:00Z")
            .Listing("L-1", "M-1", "Squishmallows plush 8in", "2023-03-02T13:00:00Z", status: "inactive");

        Assert.Equal(History.T("2023-03-02T13:00:00Z"), Assert.Single(h.Facts("M-1", KnowledgeCode.ActiveDespiteNotice)).Until);
        Assert.Null(Assert.Single(h.Facts("M-1", KnowledgeCode.ListingNoticed)).Until);
    }

    [Fact]
    public void Noticed_listing_active_again_is_taken_down_again()
    {
        using var h = Marketplace(Policy.Default).Notice("N-1", Noticed, ["L-1"])
            .Listing("L-1", "M-1", "Squishmallows plush 8in", "2023-03-05T10:00:00Z");

        var takedowns = h.Actions("M-1", ActionKind.TakedownListing);
        Assert.Equal(2, takedowns.Count);
        Assert.Equal(History.T("2023-03-05T10:00:00Z"), takedowns[1].At);
        Assert.Equal("L-1", takedowns[1].Listing);
        Assert.Equal("N-1", takedowns[1].Basis.Notice);
        Assert.Equal(ListingStatus.Removed, h.StoredListing("L-1")!.Status);
        Assert.Contains(h.Ledger(), e => e.Kind == "noticed_listing_active_again");
        // Another active listing of the merchant, never noticed, is not touched.
        Assert.Equal(ListingStatus.Active, h.StoredListing("L-2")!.Status);
    }

    [Fact]
    public void Noticed_listing_active_again_and_still_active_sla_later_is_active_despite_notice()
    {
        using var h = Marketplace().Notice("N-1", Noticed, ["L-1"]);
        h.Confirm(Takedown(h, "L-1"), "2023-03-01T10:00:00Z")
            .Listing("L-1", "M-1", "Squishmallows plush 8in", "2023-03-05T10:00:00Z");

        Assert.Equal(2, h.Actions("M-1", ActionKind.TakedownListing).Count);
        h.Advance("2023-03-06T09:59:59Z");
        Assert.Empty(h.Facts("M-1", KnowledgeCode.ActiveDespiteNotice));

        h.Advance("2023-03-07T00:00:00Z");

        var fact = Assert.Single(h.Facts("M-1", KnowledgeCode.ActiveDespiteNotice));
        Assert.Equal(History.T("2023-03-06T10:00:00Z"), fact.Since);
        Assert.Equal("L-1", fact.Listing);
        Assert.True(h.Denies("M-1", "2023-03-06T10:00:01Z"));
    }

    [Fact]
    public void Ordered_takedown_not_confirmed_within_the_sla_is_active_despite_notice()
    {
        using var h = Marketplace()
            .Order(OrderJson.Tro("kt-tro", Noticed, [new Def(1, "19885566 Store", "M-1")], "cease_infringement"))
            .Advance("2023-03-03T00:00:00Z");

        var fact = Assert.Single(h.Facts("M-1", KnowledgeCode.ActiveDespiteNotice));
        Assert.Equal(History.T(SlaLater), fact.Since);
        Assert.Equal("L-1", fact.Listing);
        Assert.Equal("kt-tro", fact.Basis.Order);
    }
}
