using Enjoin.Actions;
using Enjoin.Knowledge;
using Enjoin.Listings;
using Enjoin.Orders;
using Enjoin.Review;
using Enjoin.Tests.Support;

namespace Enjoin.Tests.Orders;

/// <summary>DESIGN §4.1.4: a TRO ends at its expiry unless a PI supersedes it without a gap; a dissolution ends every clause.</summary>
public sealed class SupersessionAndExpiryTests
{
    const string TroServed = "2022-12-14T15:00:00Z";
    const string TroExpires = "2022-12-28T15:00:00Z";
    const string PiServed = "2022-12-27T15:00:00Z";
    static readonly Def[] One = [new Def(1, "19885566 Store", "M-1")];
    static readonly string[] Clauses = ["1(a)=cease_infringement", "1(b)=restrain_assets", "1(b)=preserve_records", "1(c)=disable_storefront"];

    static History Marketplace() => History.Create()
        .Merchant("M-1", "19885566 Store", "https://shop.example/store/19885566", "P-1")
        .Listing("L-1", "M-1", "Squishmallows plush", "2022-12-10T00:00:00Z");

    static string Tro() => OrderJson.Injunction("kt-tro", TroServed, One, Clauses, expires: TroExpires);

    [Fact]
    public void PI_superseding_a_TRO_leaves_no_gap_at_the_handover()
    {
        using var h = Marketplace()
            .Order(Tro())
            .Order(OrderJson.Injunction("kt-pi", PiServed, One, Clauses, kind: "preliminary_injunction", supersedes: "kt-tro"))
            .Advance("2023-02-01T00:00:00Z");

        foreach (var at in new[] { "2022-12-27T14:59:59Z", PiServed, "2022-12-27T15:00:01Z", "2022-12-28T14:59:59Z", TroExpires, "2022-12-28T15:00:01Z", "2023-02-01T00:00:00Z" })
            Assert.True(h.Denies("M-1", at), $"the gate must deny at {at}");

        var enjoined = h.Facts("M-1", KnowledgeCode.EnjoinedDefendant).OrderBy(f => f.Since).ToList();
        Assert.Equal(2, enjoined.Count);
        Assert.Equal(("kt-tro", History.T(TroServed), (DateTimeOffset?)History.T(PiServed)), (enjoined[0].Basis.Order, enjoined[0].Since, enjoined[0].Until));
        Assert.Equal(("kt-pi", History.T(PiServed), (DateTimeOffset?)null), (enjoined[1].Basis.Order, enjoined[1].Since, enjoined[1].Until));

        // One hold, one preservation, no release in between; the listing is taken down once.
        Assert.Equal("kt-tro", Assert.Single(h.Actions("M-1", ActionKind.HoldPayouts)).Basis.Order);
        Assert.Single(h.Actions("M-1", ActionKind.PreserveRecords));
        Assert.Empty(h.Actions("M-1", ActionKind.ReleasePayouts));
        Assert.Empty(h.Actions("M-1", ActionKind.ReleaseRecordsHold));
        Assert.Single(h.Actions("M-1", ActionKind.TakedownListing));
        Assert.DoesNotContain(h.Actions(), a => a.Status == ActionStatus.Cancelled);

        Assert.All(h.Clauses("kt-tro"), c => Assert.Equal((ClauseStatus.Expired, (DateTimeOffset?)History.T(PiServed)), (c.Status, c.Since)));
        Assert.All(h.Clauses("kt-pi"), c => Assert.Equal(ClauseStatus.Active, c.Status));
        // The TRO's own expiry, passed after the handover, ends nothing more.
        Assert.DoesNotContain(h.Ledger(), e => e.Kind == "order_expired");

        // Relistings after the handover are covered by the PI.
        h.Listing("L-2", "M-1", "Squishmallows relist", "2023-02-02T00:00:00Z");
        Assert.Equal("kt-pi", Assert.Single(h.Actions("M-1", ActionKind.TakedownListing), a => a.Listing == "L-2").Basis.Order);
    }

    [Fact]
    public void PI_superseding_a_TRO_keeps_a_defendant_a_reviewer_resolved_under_the_TRO_without_a_gap()
    {
        Def[] rows = [new Def(7, "Seller Seven", "S-777")];
        using var h = Marketplace()
            .Merchant("M-7", "Totally Different Name", "https://shop.example/store/777", "P-7", at: "2022-12-02T00:00:00Z")
            .Order(OrderJson.Injunction("kt-tro", TroServed, rows, Clauses, expires: TroExpires));
        var item = Assert.Single(h.Review(ReviewKind.UnresolvedDefendant));
        h.Decide(item.Id, accept: true, "marketplace confirms S-777 is M-7", "2022-12-20T00:00:00Z", merchant: "M-7");

        h.Order(OrderJson.Injunction("kt-pi", PiServed, rows, Clauses, kind: "preliminary_injunction", supersedes: "kt-tro"))
            .Advance("2023-01-10T00:00:00Z");

        foreach (var at in new[] { "2022-12-27T14:59:59Z", PiServed, "2022-12-27T15:00:01Z", "2022-12-28T15:00:01Z", "2023-01-10T00:00:00Z" })
            Assert.True(h.Denies("M-7", at), $"the gate must deny at {at}");
        Assert.Single(h.Actions("M-7", ActionKind.HoldPayouts));
        Assert.Empty(h.Actions("M-7", ActionKind.ReleasePayouts));
        Assert.Empty(h.Actions("M-7", ActionKind.ReleaseRecordsHold));
        Assert.Equal(["kt-pi", "kt-tro"], h.Facts("M-7", KnowledgeCode.EnjoinedDefendant).Select(f => f.Basis.Order!).Order().ToArray());
        // The reviewer is not asked the same question again.
        Assert.DoesNotContain(h.Review(ReviewKind.UnresolvedDefendant), i => i.Order == "kt-pi" && i.Status == ReviewStatus.Open);
    }

    [Fact]
    public void PI_superseding_a_TRO_keeps_an_alias_confirmed_under_the_TRO_without_a_gap()
    {
        using var h = Marketplace()
            .Merchant("M-2", "Sunny Plush", "https://shop.example/store/sunny", "P-1", at: "2022-12-02T00:00:00Z")
            .Order(OrderJson.Injunction("kt-tro", TroServed, One, Clauses, expires: TroExpires, coversAliases: true));
        var item = Assert.Single(h.Review(ReviewKind.AliasCandidate));
        h.Decide(item.Id, accept: true, "same payout account", "2022-12-20T00:00:00Z");

        h.Order(OrderJson.Injunction("kt-pi", PiServed, One, Clauses, kind: "preliminary_injunction", supersedes: "kt-tro", coversAliases: true))
            .Advance("2023-01-10T00:00:00Z");

        foreach (var at in new[] { "2022-12-27T14:59:59Z", PiServed, "2022-12-27T15:00:01Z", "2022-12-28T15:00:01Z" })
            Assert.True(h.Denies("M-2", at), $"the gate must deny at {at}");
        Assert.Single(h.Actions("M-2", ActionKind.HoldPayouts));
        Assert.Empty(h.Actions("M-2", ActionKind.ReleasePayouts));
        Assert.DoesNotContain(h.Review(ReviewKind.AliasCandidate), i => i.Order == "kt-pi" && i.Status == ReviewStatus.Open);
    }

    [Fact]
    public void Expired_TRO_ends_enforcement_and_releases_its_holds()
    {
        using var h = Marketplace().Order(Tro()).Advance("2023-01-10T00:00:00Z");

        Assert.True(h.Denies("M-1", "2022-12-28T14:59:59Z"));
        Assert.True(h.Allows("M-1", TroExpires));
        Assert.True(h.Allows("M-1", "2022-12-28T15:00:01Z"));
        Assert.Equal(History.T(TroExpires), Assert.Single(h.Facts("M-1", KnowledgeCode.EnjoinedDefendant)).Until);
        Assert.All(h.Clauses("kt-tro"), c => Assert.Equal((ClauseStatus.Expired, (DateTimeOffset?)History.T(TroExpires)), (c.Status, c.Since)));

        var release = Assert.Single(h.Actions("M-1", ActionKind.ReleasePayouts));
        Assert.Equal(History.T(TroExpires), release.At);
        Assert.Equal("kt-tro", release.Basis.Order);
        Assert.Equal("order expired", release.Basis.Reason);
        Assert.Single(h.Actions("M-1", ActionKind.ReleaseRecordsHold));
        Assert.Equal(ReviewStatus.Moot, Assert.Single(h.Review(ReviewKind.DisableStorefront)).Status);

        // Nothing after expiry: only the explicit releases at the expiry itself, and no relisting caught later.
        Assert.All(h.Actions().Where(a => a.At >= History.T(TroExpires)),
            a => Assert.Contains(a.Kind, new[] { ActionKind.ReleasePayouts, ActionKind.ReleaseRecordsHold }));
        h.Listing("L-2", "M-1", "Squishmallows relist", "2023-01-11T00:00:00Z");
        Assert.Equal(ListingStatus.Active, h.StoredListing("L-2")!.Status);
        Assert.DoesNotContain(h.Actions(), a => a.Listing == "L-2");
        Assert.Empty(h.Facts("M-1", KnowledgeCode.RelistedAfterOrder));
        // What was done stays done.
        Assert.Equal(ListingStatus.Removed, h.StoredListing("L-1")!.Status);
        Assert.Empty(h.Actions("M-1", ActionKind.RestoreListing));
    }

    [Fact]
    public void TRO_expiry_fires_only_when_event_time_passes_it()
    {
        using var h = Marketplace().Order(Tro()).Advance("2022-12-28T14:59:59Z");

        Assert.Empty(h.Actions("M-1", ActionKind.ReleasePayouts));
        Assert.Null(Assert.Single(h.Facts("M-1", KnowledgeCode.EnjoinedDefendant)).Until);

        h.Advance(TroExpires);
        Assert.Single(h.Actions("M-1", ActionKind.ReleasePayouts));
    }

    [Fact]
    public void Modification_extending_expiry_keeps_the_TRO_in_force_past_its_first_expiry()
    {
        using var h = Marketplace().Order(Tro())
            .Order(OrderJson.Modification("kt-ext", "kt-tro", "2022-12-20T10:00:00Z", expires: "2023-01-11T15:00:00Z"))
            .Advance("2023-01-05T00:00:00Z");

        Assert.True(h.Denies("M-1", "2023-01-05T00:00:00Z"));
        Assert.Empty(h.Actions("M-1", ActionKind.ReleasePayouts));

        h.Advance("2023-01-12T00:00:00Z");
        Assert.True(h.Allows("M-1", "2023-01-11T15:00:01Z"));
        Assert.Equal(History.T("2023-01-11T15:00:00Z"), Assert.Single(h.Actions("M-1", ActionKind.ReleasePayouts)).At);
    }

    [Fact]
    public void Dissolution_ends_every_clause_of_the_order()
    {
        const string dissolved = "2023-03-01T12:00:00Z";
        using var h = Marketplace()
            .Order(OrderJson.Injunction("kt-pi", PiServed, One, [.. Clauses, "1(d)=disclose_information"], kind: "preliminary_injunction"))
            .Order(OrderJson.Dissolution("kt-diss", "kt-pi", dissolved));

        Assert.All(h.Clauses("kt-pi"), c => Assert.Equal((ClauseStatus.Dissolved, (DateTimeOffset?)History.T(dissolved)), (c.Status, c.Since)));
        Assert.True(h.Denies("M-1", "2023-03-01T11:59:59Z"));
        Assert.True(h.Allows("M-1", "2023-03-01T12:00:01Z"));
        Assert.Equal(History.T(dissolved), Assert.Single(h.Facts("M-1", KnowledgeCode.EnjoinedDefendant)).Until);
        var release = Assert.Single(h.Actions("M-1", ActionKind.ReleasePayouts));
        Assert.Equal(History.T(dissolved), release.At);
        Assert.Equal("kt-diss", release.Basis.Modification);
        Assert.Equal(OrderKind.Dissolution, release.Basis.Kind);
        Assert.Single(h.Actions("M-1", ActionKind.ReleaseRecordsHold));
        Assert.Equal(ReviewStatus.Moot, Assert.Single(h.Review(ReviewKind.DisableStorefront)).Status);

        h.Listing("L-2", "M-1", "Squishmallows relist", "2023-03-02T00:00:00Z");
        Assert.Equal(ListingStatus.Active, h.StoredListing("L-2")!.Status);
        Assert.Empty(h.Facts("M-1", KnowledgeCode.RelistedAfterOrder));
    }
}
