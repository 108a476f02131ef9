using Enjoin.Actions;
using Enjoin.Knowledge;
using Enjoin.Listings;
using Enjoin.Orders;
using Enjoin.Review;
using Enjoin.Tests.Support;

namespace Enjoin.Tests.Orders;

/// <summary>
/// DESIGN §4.1.4: a struck clause stops being enforced from the modification's served time; nothing
/// already done is silently undone; releases are explicit; a dismissed defendant's holds are released.
/// </summary>
public sealed class ModificationTests
{
    const string Served = "2022-12-28T15:00:00Z";
    const string Modified = "2023-01-15T12:00:00Z";

    static History Served_order() => History.Create()
        .Merchant("M-1", "19885566 Store", "https://shop.example/store/19885566", "P-1")
        .Merchant("M-2", "Second Store", "https://shop.example/store/second", "P-2")
        .Listing("L-1", "M-1", "Squishmallows plush", "2022-12-20T00:00:00Z")
        .Listing("L-2", "M-1", "Marshmallow pillow", "2022-12-20T00:00:00Z")
        .Listing("L-21", "M-2", "Squishmallows frog", "2022-12-20T00:00:00Z")
        .Order(OrderJson.Injunction("kt-pi", Served, [new Def(1, "19885566 Store", "M-1"), new Def(2, "Second Store", "M-2")],
            ["1(a)=cease_infringement", "1(b)=restrain_assets", "1(b)=preserve_records", "1(c)=disable_storefront"],
            kind: "preliminary_injunction"));

    [Fact]
    public void Struck_cease_infringement_stops_enforcement_from_the_modifications_served_time()
    {
        using var h = Served_order().Order(OrderJson.Modification("kt-mod", "kt-pi", Modified, strike: ["1(a)"]));

        Assert.True(h.Denies("M-1", "2023-01-15T11:59:59Z"));
        Assert.True(h.Allows("M-1", "2023-01-15T12:00:01Z"));
        var enjoined = Assert.Single(h.Facts("M-1", KnowledgeCode.EnjoinedDefendant));
        Assert.Equal(History.T(Modified), enjoined.Until);
        var clause = Assert.Single(h.Clauses("kt-pi"), c => c.Ref == "1(a)");
        Assert.Equal(ClauseStatus.Struck, clause.Status);
        Assert.Equal(History.T(Modified), clause.Since);

        // A matching listing posted after the strike is not taken down under the struck clause.
        h.Listing("L-3", "M-1", "Squishmallows again", "2023-01-20T00:00:00Z");
        Assert.Equal(ListingStatus.Active, h.StoredListing("L-3")!.Status);
        Assert.DoesNotContain(h.Actions(), a => a.Listing == "L-3");
        Assert.Empty(h.Facts("M-1", KnowledgeCode.RelistedAfterOrder));
    }

    [Fact]
    public void Struck_clause_silently_undoes_nothing_already_done()
    {
        using var h = Served_order().Order(OrderJson.Modification("kt-mod", "kt-pi", Modified, strike: ["1(a)"]));

        var takedown = Assert.Single(h.Actions("M-1", ActionKind.TakedownListing));
        Assert.Equal(ActionStatus.Confirmed, takedown.Status);
        Assert.Equal(ListingStatus.Removed, h.StoredListing("L-1")!.Status);
        Assert.Empty(h.Actions("M-1", ActionKind.RestoreListing));
        Assert.DoesNotContain(h.Actions(), a => a.Status == ActionStatus.Cancelled);
        // The listing the order took down stays known; the gate still refuses to promote it.
        var noticed = Assert.Single(h.Facts("M-1", KnowledgeCode.ListingNoticed));
        Assert.Null(noticed.Until);
        Assert.False(h.Gate("M-1", "2023-01-15T12:00:01Z", "L-1").Allow);
        Assert.True(h.Gate("M-1", "2023-01-15T12:00:01Z", "L-2").Allow);
        // Other clauses go on: the payouts and records stay held.
        Assert.Empty(h.Actions("M-1", ActionKind.ReleasePayouts));
        Assert.Empty(h.Actions("M-1", ActionKind.ReleaseRecordsHold));
    }

    [Fact]
    public void Struck_restrain_assets_releases_payouts_by_an_explicit_action_naming_the_modification()
    {
        using var h = Served_order().Order(OrderJson.Modification("kt-mod", "kt-pi", Modified, strike: ["1(b)"]));

        foreach (var merchant in new[] { "M-1", "M-2" })
        {
            var hold = Assert.Single(h.Actions(merchant, ActionKind.HoldPayouts));
            Assert.Equal(ActionStatus.Confirmed, hold.Status);
            var release = Assert.Single(h.Actions(merchant, ActionKind.ReleasePayouts));
            Assert.Equal(History.T(Modified), release.At);
            Assert.Equal("kt-mod", release.Basis.Modification);
            Assert.Equal("kt-pi", release.Basis.Order);
            Assert.Equal(OrderKind.Modification, release.Basis.Kind);
        }
        // 1(b) is the ref of both restrain_assets and preserve_records here: striking it ends both.
        Assert.All(h.Clauses("kt-pi").Where(c => c.Ref == "1(b)"), c => Assert.Equal(ClauseStatus.Struck, c.Status));
        Assert.Single(h.Actions("M-1", ActionKind.ReleaseRecordsHold));
        // Cease_infringement goes on.
        Assert.True(h.Denies("M-1", "2023-01-15T12:00:01Z"));
    }

    [Fact]
    public void Struck_disable_storefront_clause_makes_its_open_review_item_moot()
    {
        using var h = Served_order();
        var items = h.Review(ReviewKind.DisableStorefront);
        Assert.Equal(2, items.Count);
        var decided = h.Decide(items.Single(i => i.Merchant == "M-2").Id, accept: false, "declined by legal", "2023-01-02T00:00:00Z", by: "legal");

        h.Order(OrderJson.Modification("kt-mod", "kt-pi", Modified, strike: ["1(c)"]));

        var open = Assert.Single(h.Review(ReviewKind.DisableStorefront), i => i.Merchant == "M-1");
        Assert.Equal(ReviewStatus.Moot, open.Status);
        // A decision already taken stays as decided.
        Assert.Equal(ReviewStatus.Rejected, Assert.Single(h.Review(ReviewKind.DisableStorefront), i => i.Id == decided.Id).Status);
        Assert.DoesNotContain(h.Actions(), a => a.Kind == ActionKind.DisableStorefront);
        // Legal can no longer approve it.
        Assert.Throws<Enjoin.Common.InputRejectedException>(() => h.Decide(open.Id, accept: true, "too late", "2023-01-16T00:00:00Z"));
        Assert.DoesNotContain(h.Actions(), a => a.Kind == ActionKind.DisableStorefront);
        // The rest of the order goes on.
        Assert.True(h.Denies("M-1", "2023-01-15T12:00:01Z"));
        Assert.Empty(h.Actions("M-1", ActionKind.ReleasePayouts));
    }

    [Fact]
    public void Dismissed_defendants_holds_are_released_and_its_knowledge_closes_while_other_defendants_are_unaffected()
    {
        using var h = Served_order().Order(OrderJson.Modification("kt-mod", "kt-pi", Modified, dismiss: [2]));

        var release = Assert.Single(h.Actions("M-2", ActionKind.ReleasePayouts));
        Assert.Equal(History.T(Modified), release.At);
        Assert.Equal("kt-mod", release.Basis.Modification);
        Assert.Equal("kt-pi", release.Basis.Order);
        Assert.Equal(History.T(Modified), Assert.Single(h.Actions("M-2", ActionKind.ReleaseRecordsHold)).At);
        Assert.Equal(History.T(Modified), Assert.Single(h.Facts("M-2", KnowledgeCode.EnjoinedDefendant)).Until);
        Assert.True(h.Denies("M-2", "2023-01-15T11:59:59Z"));
        Assert.True(h.Allows("M-2", "2023-01-15T12:00:01Z"));
        Assert.Equal(ReviewStatus.Moot, Assert.Single(h.Review(ReviewKind.DisableStorefront), i => i.Merchant == "M-2").Status);
        // Its listing taken down before stays down.
        Assert.Equal(ListingStatus.Removed, h.StoredListing("L-21")!.Status);
        Assert.Empty(h.Actions("M-2", ActionKind.RestoreListing));

        // Defendant 1 is unaffected.
        Assert.Empty(h.Actions("M-1", ActionKind.ReleasePayouts));
        Assert.Empty(h.Actions("M-1", ActionKind.ReleaseRecordsHold));
        Assert.Null(Assert.Single(h.Facts("M-1", KnowledgeCode.EnjoinedDefendant)).Until);
        Assert.True(h.Denies("M-1", "2023-01-15T12:00:01Z"));
        Assert.Equal(ReviewStatus.Open, Assert.Single(h.Review(ReviewKind.DisableStorefront), i => i.Merchant == "M-1").Status);

        // A later matching listing of the dismissed merchant is not a relisting.
        h.Listing("L-22", "M-2", "Squishmallows duck", "2023-01-20T00:00:00Z");
        Assert.Equal(ListingStatus.Active, h.StoredListing("L-22")!.Status);
    }

    [Fact]
    public void Added_defendant_is_enforced_from_the_modifications_service()
    {
        using var h = Served_order()
            .Merchant("M-3", "Third Store", "https://shop.example/store/third", "P-3", at: "2023-01-01T00:00:00Z")
            .Listing("L-31", "M-3", "Squishmallows owl", "2023-01-02T00:00:00Z")
            .Order(OrderJson.Modification("kt-mod", "kt-pi", Modified, add: [new Def(3, "Third Store", "M-3")]));

        Assert.True(h.Allows("M-3", "2023-01-15T11:59:59Z"));
        Assert.True(h.Denies("M-3", "2023-01-15T12:00:01Z"));
        Assert.Equal(History.T(Modified), Assert.Single(h.Actions("M-3", ActionKind.TakedownListing)).At);
        Assert.Equal(History.T(Modified), Assert.Single(h.Actions("M-3", ActionKind.HoldPayouts)).At);
    }

    [Fact]
    public void Modification_served_later_than_its_import_applies_only_at_its_served_time()
    {
        using var h = Served_order().Order(OrderJson.Modification("kt-mod", "kt-pi", Modified, strike: ["1(a)", "1(b)"]), at: "2023-01-10T00:00:00Z");

        Assert.Empty(h.Actions("M-1", ActionKind.ReleasePayouts));
        Assert.Null(Assert.Single(h.Facts("M-1", KnowledgeCode.EnjoinedDefendant)).Until);

        h.Advance("2023-01-16T00:00:00Z");
        Assert.Equal(History.T(Modified), Assert.Single(h.Actions("M-1", ActionKind.ReleasePayouts)).At);
        Assert.Equal(History.T(Modified), Assert.Single(h.Facts("M-1", KnowledgeCode.EnjoinedDefendant)).Until);
    }
}
