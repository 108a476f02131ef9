using Enjoin.Actions;
using Enjoin.Knowledge;
using Enjoin.Orders;
using Enjoin.Review;
using Enjoin.Tests.Support;

namespace Enjoin.Tests.Orders;

/// <summary>DESIGN §4.1.1: exact seller_id, else normalized store URL, else folded store name; never a guess.</summary>
public sealed class DefendantResolutionTests
{
    const string Served = "2022-12-28T15:00:00Z";

    static History Marketplace() => History.Create()
        .Merchant("M-1", "19885566 Store", "https://www.Shop.example/store/19885566/", "P-1")
        .Merchant("M-2", "Happy Toy-World!", "https://shop.example/store/happy", "P-2")
        .Merchant("M-3", "Plush Palace", "https://shop.example/store/palace-a", "P-3")
        .Merchant("M-4", "PLUSH  palace.", "https://shop.example/store/palace-b", "P-4")
        .Listing("L-1", "M-1", "Squishmallows plush", "2022-12-20T00:00:00Z");

    static History Import(History h, Def d, out DefendantResult result)
    {
        h.Order(OrderJson.Tro("kt-tro", Served, [d], "cease_infringement"), out var imported);
        result = Assert.Single(imported.Defendants);
        return h;
    }

    [Fact]
    public void Exact_seller_id_resolves_the_defendant_even_when_url_and_name_point_elsewhere()
    {
        using var h = History.Create()
            .Merchant("M-1", "19885566 Store", "https://shop.example/store/19885566")
            .Merchant("M-2", "Happy Toy-World!", "https://shop.example/store/happy");

        Import(h, new Def(1, "Happy Toy-World!", "M-1", "https://shop.example/store/happy"), out var d);

        Assert.Equal(DefendantStatus.Resolved, d.Status);
        Assert.Equal(["M-1"], d.Merchants);
        Assert.True(h.Denies("M-1", "2022-12-28T15:00:01Z"));
        Assert.True(h.Allows("M-2", "2022-12-28T15:00:01Z"));
        Assert.Empty(h.Review(ReviewKind.UnresolvedDefendant));
    }

    [Theory]
    [InlineData("http://shop.example/store/19885566")]
    [InlineData("https://shop.example/store/19885566")]
    [InlineData("https://SHOP.EXAMPLE/store/19885566")]
    [InlineData("https://www.shop.example/store/19885566///")]
    [InlineData("shop.example/store/19885566?ref=schedule-a#top")]
    public void Store_url_resolves_ignoring_scheme_www_host_case_trailing_slash_and_query(string url)
    {
        using var h = Marketplace();
        Import(h, new Def(1, "Unrelated Name", "S-404", url), out var d);

        Assert.Equal(DefendantStatus.Resolved, d.Status);
        Assert.Equal(["M-1"], d.Merchants);
        Assert.True(h.Denies("M-1", "2022-12-28T15:00:01Z"));
    }

    [Fact]
    public void A_different_store_path_does_not_resolve_by_url()
    {
        using var h = Marketplace();
        Import(h, new Def(1, null, null, "https://shop.example/store/198855660"), out var d);

        Assert.Equal(DefendantStatus.Unresolved, d.Status);
        Assert.Empty(d.Merchants);
    }

    [Theory]
    [InlineData("happy toy world")]
    [InlineData("HAPPY TOY WORLD")]
    [InlineData("  Happy   Toy  World ")]
    [InlineData("Happy-Toy.World!!")]
    public void Store_name_resolves_with_case_spacing_and_punctuation_folded(string name)
    {
        using var h = Marketplace();
        Import(h, new Def(2, name), out var d);

        Assert.Equal(DefendantStatus.Resolved, d.Status);
        Assert.Equal(["M-2"], d.Merchants);
    }

    [Fact]
    public void Several_candidates_leave_the_defendant_unresolved_with_a_review_item()
    {
        using var h = Marketplace();
        Import(h, new Def(3, "Plush Palace"), out var d);

        Assert.Equal(DefendantStatus.Unresolved, d.Status);
        Assert.Empty(d.Merchants);
        var item = Assert.Single(h.Review(ReviewKind.UnresolvedDefendant));
        Assert.Equal(ReviewStatus.Open, item.Status);
        Assert.Equal("kt-tro", item.Order);
        Assert.Equal(3, item.Defendant);
        var candidates = item.Evidence["candidates"]!.AsArray().Select(c => (string)c!).Order().ToArray();
        Assert.Equal(["M-3", "M-4"], candidates);
        // No guess: neither candidate is restricted.
        Assert.Empty(h.Actions());
        Assert.True(h.Allows("M-3", "2022-12-28T15:00:01Z"));
        Assert.True(h.Allows("M-4", "2022-12-28T15:00:01Z"));
    }

    [Fact]
    public void No_candidate_leaves_the_defendant_unresolved_with_a_review_item_and_nothing_enforced()
    {
        using var h = Marketplace();
        Import(h, new Def(5, "Nobody Here", "S-404", "https://elsewhere.example/x"), out var d);

        Assert.Equal(DefendantStatus.Unresolved, d.Status);
        var item = Assert.Single(h.Review(ReviewKind.UnresolvedDefendant));
        Assert.Empty(item.Evidence["candidates"]!.AsArray());
        Assert.Empty(h.Actions());
    }

    [Fact]
    public void Reviewer_resolving_by_hand_makes_the_defendant_enforceable_from_the_decision()
    {
        using var h = Marketplace()
            .Merchant("M-7", "Totally Different Name", "https://shop.example/store/777", "P-7", at: "2022-12-02T00:00:00Z")
            .Listing("L-7", "M-7", "Squishmallows cat", "2022-12-20T00:00:00Z");
        Import(h, new Def(7, "Seller Seven", "S-777"), out var d);
        Assert.Equal(DefendantStatus.Unresolved, d.Status);
        Assert.True(h.Allows("M-7", "2022-12-28T15:00:01Z"));
        var item = Assert.Single(h.Review(ReviewKind.UnresolvedDefendant));

        const string decidedAt = "2023-01-03T09:00:00Z";
        var decided = h.Decide(item.Id, accept: true, "marketplace confirms S-777 is M-7", decidedAt, merchant: "M-7");

        Assert.Equal(ReviewStatus.Accepted, decided.Status);
        Assert.True(h.Allows("M-7", "2023-01-03T08:59:59Z"));
        Assert.True(h.Denies("M-7", "2023-01-03T09:00:01Z"));
        var enjoined = Assert.Single(h.Facts("M-7", KnowledgeCode.EnjoinedDefendant));
        Assert.Equal(History.T(decidedAt), enjoined.Since);
        var takedown = Assert.Single(h.Actions("M-7", ActionKind.TakedownListing));
        Assert.Equal("L-7", takedown.Listing);
        Assert.Equal(History.T(decidedAt), takedown.At);
    }
}
