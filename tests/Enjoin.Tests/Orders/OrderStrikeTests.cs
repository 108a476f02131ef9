using Enjoin.Actions;
using Enjoin.Engine;
using Enjoin.Knowledge;
using Enjoin.Strikes;
using Enjoin.Tests.Support;

namespace Enjoin.Tests.Orders;

/// <summary>DESIGN §4.1.5 and §4.2.3: a served order with cease_infringement is one strike per resolved defendant.</summary>
public sealed class OrderStrikeTests
{
    static History Marketplace(Policy? policy = null) => History.Create(policy)
        .Merchant("M-1", "19885566 Store", "https://shop.example/store/19885566", "P-1")
        .Merchant("M-2", "Second Store", "https://shop.example/store/second", "P-2");

    static string Order(string id, string served, string @case, params string[] clauses) =>
        OrderJson.Injunction(id, served, [new Def(1, "19885566 Store", "M-1")], clauses.Length == 0 ? ["cease_infringement"] : clauses, @case: @case);

    [Fact]
    public void Three_separate_orders_against_one_merchant_terminate_the_account()
    {
        using var h = Marketplace()
            .Order(Order("a-tro", "2023-01-01T00:00:00Z", "23-CV-0001"))
            .Order(Order("b-tro", "2023-02-01T00:00:00Z", "23-CV-0002"));

        Assert.Equal(2, h.Strikes("M-1").Count);
        Assert.Empty(h.Actions("M-1", ActionKind.TerminateAccount));
        Assert.Empty(h.Facts("M-1", KnowledgeCode.Terminated));

        h.Order(Order("c-tro", "2023-03-01T00:00:00Z", "23-CV-0003"));

        Assert.Equal(["a-tro", "b-tro", "c-tro"], h.Strikes("M-1").Select(s => s.SourceId).Order().ToArray());
        Assert.All(h.Strikes("M-1"), s => Assert.Equal(StrikeSource.Order, s.Source));
        var terminate = Assert.Single(h.Actions("M-1", ActionKind.TerminateAccount));
        Assert.Equal(History.T("2023-03-01T00:00:00Z"), terminate.At);
        Assert.Equal(3, terminate.Basis.Strikes!.Count);
        var terminated = Assert.Single(h.Facts("M-1", KnowledgeCode.Terminated));
        Assert.Equal(History.T("2023-03-01T00:00:00Z"), terminated.Since);
        Assert.Null(terminated.Until);
        Assert.Single(h.Facts("M-1", KnowledgeCode.RepeatInfringer));
        Assert.Contains(h.Gate("M-1", "2023-03-01T00:00:01Z").Reasons, r => r.Code == KnowledgeCode.Terminated);
        // The other merchant is not touched.
        Assert.Empty(h.Strikes("M-2"));
    }

    [Fact]
    public void PI_superseding_a_TRO_does_not_strike_the_same_merchant_twice()
    {
        // Engine decision (OrderEnforcement.EnforceAgainst): a PI continuing its TRO's case is not a new strike.
        using var h = Marketplace()
            .Order(Order("kt-tro", "2023-01-01T00:00:00Z", "22-CV-9384"))
            .Order(OrderJson.Injunction("kt-pi", "2023-01-10T00:00:00Z", [new Def(1, "19885566 Store", "M-1")], ["cease_infringement"],
                kind: "preliminary_injunction", supersedes: "kt-tro", @case: "22-CV-9384"))
            .Order(Order("other", "2023-02-01T00:00:00Z", "23-CV-0002"));

        Assert.Equal(["kt-tro", "other"], h.Strikes("M-1").Select(s => s.SourceId).Order().ToArray());
        Assert.Empty(h.Actions("M-1", ActionKind.TerminateAccount));
        Assert.Empty(h.Facts("M-1", KnowledgeCode.Terminated));
    }

    [Fact]
    public void Order_without_cease_infringement_gives_no_strike()
    {
        using var h = Marketplace()
            .Order(Order("a", "2023-01-01T00:00:00Z", "23-CV-0001", "restrain_assets"))
            .Order(Order("b", "2023-02-01T00:00:00Z", "23-CV-0002", "preserve_records"))
            .Order(Order("c", "2023-03-01T00:00:00Z", "23-CV-0003", "disclose_information"));

        Assert.Empty(h.Strikes("M-1"));
        Assert.Empty(h.Actions("M-1", ActionKind.TerminateAccount));
    }

    [Fact]
    public void One_strike_per_resolved_defendant_and_none_for_an_unresolved_one()
    {
        using var h = Marketplace().Order(OrderJson.Injunction("kt-tro", "2023-01-01T00:00:00Z",
            [new Def(1, "19885566 Store", "M-1"), new Def(2, "Second Store", "M-2"), new Def(3, "Nobody", "S-404")], ["cease_infringement", "restrain_assets"]));

        var m1 = Assert.Single(h.Strikes("M-1"));
        Assert.Equal("kt-tro", m1.SourceId);
        Assert.Equal(History.T("2023-01-01T00:00:00Z"), m1.Issued);
        Assert.Equal(History.T("2024-01-01T00:00:00Z"), m1.Expires);
        Assert.Single(h.Strikes("M-2"));
        Assert.Empty(h.Strikes("S-404"));
    }

    [Fact]
    public void Order_strikes_off_by_policy_gives_no_strike()
    {
        using var h = Marketplace(Policy.Default with { OrderStrikes = false })
            .Order(Order("a", "2023-01-01T00:00:00Z", "23-CV-0001"))
            .Order(Order("b", "2023-02-01T00:00:00Z", "23-CV-0002"))
            .Order(Order("c", "2023-03-01T00:00:00Z", "23-CV-0003"));

        Assert.Empty(h.Strikes("M-1"));
        Assert.Empty(h.Actions("M-1", ActionKind.TerminateAccount));
        Assert.Equal(3, h.Facts("M-1", KnowledgeCode.EnjoinedDefendant).Count);
    }
}
