using Enjoin.Knowledge;
using Enjoin.Tests.Support;

namespace Enjoin.Tests.Knowledge;

/// <summary>DESIGN §4.3, row by row: each code opens when its "from" happens and closes exactly at its "until".</summary>
public sealed class KnowledgeTableTests
{
    const string Served = "2023-01-10T15:00:00Z";
    const string Dissolved = "2023-05-01T12:00:00Z";

    static History Marketplace() => History.Create()
        .Merchant("M-1", "19885566 Store")
        .Merchant("M-2", "Happy Toy World")
        .Listing("L-1", "M-1", "Squishmallows plush 8in", "2023-01-01T00:00:00Z")
        .Listing("L-2", "M-1", "Plush toy 12in", "2023-01-01T00:00:00Z")
        .Listing("L-3", "M-1", "Plush toy 16in", "2023-01-01T00:00:00Z")
        .Listing("L-4", "M-1", "Plush toy 20in", "2023-01-01T00:00:00Z")
        .Listing("L-21", "M-2", "Plush frog", "2023-01-01T00:00:00Z");

    static History Enjoined() => Marketplace()
        .Order(OrderJson.Tro("kt-tro", Served, [new Def(1, "19885566 Store", "M-1")], "cease_infringement", "restrain_assets"));

    [Fact]
    public void Enjoined_defendant_runs_from_service_until_the_order_is_dissolved()
    {
        using var h = Enjoined();

        var open = Assert.Single(h.Facts("M-1", KnowledgeCode.EnjoinedDefendant));
        Assert.Equal(History.T(Served), open.Since);
        Assert.Null(open.Until);
        Assert.Equal("kt-tro", open.Basis.Order);
        Assert.Equal(OrderJson.Case, open.Basis.Case);
        Assert.Equal("1(a)", open.Basis.Clause);
        Assert.True(h.Allows("M-1", "2023-01-10T14:59:59Z", "L-2"));
        Assert.True(h.Denies("M-1", "2023-01-10T15:00:01Z", "L-2"));
        Assert.Empty(h.Knowledge("M-2").Facts);

        h.Order(OrderJson.Dissolution("kt-dis", "kt-tro", Dissolved));

        Assert.Equal(History.T(Dissolved), Assert.Single(h.Facts("M-1", KnowledgeCode.EnjoinedDefendant)).Until);
        Assert.True(h.Denies("M-1", "2023-05-01T11:59:59Z", "L-2"));
    }

    [Fact]
    public void Enjoined_defendant_ends_when_the_defendant_is_dismissed()
    {
        using var h = Enjoined().Order(OrderJson.Modification("kt-mod", "kt-tro", Dissolved, dismiss: [1]));

        Assert.Equal(History.T(Dissolved), Assert.Single(h.Facts("M-1", KnowledgeCode.EnjoinedDefendant)).Until);
    }

    [Fact]
    public void Order_without_cease_infringement_gives_no_enjoined_defendant()
    {
        using var h = Marketplace()
            .Order(OrderJson.Tro("kt-tro", Served, [new Def(1, "19885566 Store", "M-1")], "restrain_assets", "preserve_records"));

        Assert.Empty(h.Facts("M-1", KnowledgeCode.EnjoinedDefendant));
    }

    [Fact]
    public void Relisted_after_order_runs_from_the_relisting_until_the_enjoinment_ends()
    {
        using var h = Enjoined().Listing("L-5", "M-1", "SQUISH MALLOWS 12in", "2023-02-01T00:00:00Z");

        var relisted = Assert.Single(h.Facts("M-1", KnowledgeCode.RelistedAfterOrder));
        Assert.Equal(History.T("2023-02-01T00:00:00Z"), relisted.Since);
        Assert.Null(relisted.Until);
        Assert.Equal("kt-tro", relisted.Basis.Order);

        h.Order(OrderJson.Dissolution("kt-dis", "kt-tro", Dissolved));

        Assert.Equal(History.T(Dissolved), Assert.Single(h.Facts("M-1", KnowledgeCode.RelistedAfterOrder)).Until);
        // After the enjoinment a matching listing is no relisting.
        h.Listing("L-6", "M-1", "Squishmallows 16in", "2023-06-01T00:00:00Z");
        Assert.Single(h.Facts("M-1", KnowledgeCode.RelistedAfterOrder));
    }

    [Fact]
    public void Repeat_infringer_runs_from_the_threshold_strike_until_strikes_fall_below()
    {
        using var h = Marketplace()
            .Notice("N-1", "2023-02-01T09:00:00Z", ["L-1"])
            .Notice("N-2", "2023-03-01T09:00:00Z", ["L-2"], out var second)
            .Notice("N-3", "2023-04-01T09:00:00Z", ["L-3"], out var third)
            .Advance("2024-03-01T00:00:00Z");

        var fact = Assert.Single(h.Facts("M-1", KnowledgeCode.RepeatInfringer));
        Assert.Equal(History.T("2023-04-01T09:00:00Z"), fact.Since);
        // The first strike expires a year after it was given: two left, below three.
        Assert.Equal(History.T("2024-02-01T09:00:00Z"), fact.Until);
        Assert.Equal(h.Strikes("M-1").Select(s => s.Id).Order().ToArray(), fact.Basis.Strikes!.Order().ToArray());
        Assert.Contains(third.Strikes[0].Strike, fact.Basis.Strikes!);
        Assert.Contains(second.Strikes[0].Strike, fact.Basis.Strikes!);
    }

    [Fact]
    public void Listing_noticed_opens_on_the_notice_and_is_about_that_listing_only()
    {
        using var h = Marketplace().Notice("N-1", "2023-02-01T09:00:00Z", ["L-1"]);

        var fact = Assert.Single(h.Facts("M-1", KnowledgeCode.ListingNoticed));
        Assert.Equal("L-1", fact.Listing);
        Assert.Equal(History.T("2023-02-01T09:00:00Z"), fact.Since);
        Assert.Equal("N-1", fact.Basis.Notice);
        Assert.True(h.Denies("M-1", "2023-02-01T09:00:01Z", "L-1"));
        Assert.True(h.Allows("M-1", "2023-02-01T08:59:59Z", "L-1"));
        // One strike is no merchant-level knowledge: the merchant and its other listings may still be promoted.
        Assert.True(h.Allows("M-1", "2023-02-01T09:00:01Z"));
        Assert.True(h.Allows("M-1", "2023-02-01T09:00:01Z", "L-2"));
    }

    [Fact]
    public void Listing_noticed_does_not_close_when_the_listing_goes_inactive_the_strike_expires_or_suit_is_filed()
    {
        using var h = Marketplace()
            .Notice("N-1", "2023-02-01T09:00:00Z", ["L-1"])
            .CounterNotice("CN-1", "2023-02-02T09:00:00Z", "N-1", "L-1", "M-1")
            .SuitFiled("S-1", "N-1", "2023-02-03T09:00:00Z")
            .Listing("L-1", "M-1", "Squishmallows plush 8in", "2023-02-04T00:00:00Z", status: "inactive")
            .Advance("2024-06-01T00:00:00Z");

        Assert.Null(Assert.Single(h.Facts("M-1", KnowledgeCode.ListingNoticed)).Until);
        Assert.True(h.Denies("M-1", "2024-06-01T00:00:00Z", "L-1"));
    }

    [Fact]
    public void Listing_noticed_closes_at_restoration()
    {
        using var h = Marketplace()
            .Notice("N-1", "2023-06-22T09:00:00Z", ["L-1"])
            .CounterNotice("CN-1", "2023-06-26T09:00:00Z", "N-1", "L-1", "M-1")
            .Advance("2023-08-01T00:00:00Z");

        Assert.Equal(History.T("2023-07-10T09:00:00Z"), Assert.Single(h.Facts("M-1", KnowledgeCode.ListingNoticed)).Until);
    }

    [Fact]
    public void Terminated_runs_from_termination_and_does_not_close_by_itself()
    {
        using var h = Marketplace()
            .Notice("N-1", "2023-02-01T09:00:00Z", ["L-1"])
            .Notice("N-2", "2023-03-01T09:00:00Z", ["L-2"])
            .Notice("N-3", "2023-04-01T09:00:00Z", ["L-3"])
            .Advance("2025-01-01T00:00:00Z");

        var fact = Assert.Single(h.Facts("M-1", KnowledgeCode.Terminated));
        Assert.Equal(History.T("2023-04-01T09:00:00Z"), fact.Since);
        Assert.Null(fact.Until);
        Assert.All(h.Strikes("M-1"), s => Assert.False(s.ActiveAt(History.T("2025-01-01T00:00:00Z"))));
        Assert.True(h.Denies("M-1", "2025-01-01T00:00:00Z"));

        h.Reinstate("M-1", "reviewed on appeal", "2025-01-02T00:00:00Z");

        Assert.Equal(History.T("2025-01-02T00:00:00Z"), Assert.Single(h.Facts("M-1", KnowledgeCode.Terminated)).Until);
        Assert.True(h.Allows("M-1", "2025-01-02T00:00:01Z"));
    }
}
