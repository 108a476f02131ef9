using Enjoin.Actions;
using Enjoin.Knowledge;
using Enjoin.Review;
using Enjoin.Tests.Support;

namespace Enjoin.Tests.Orders;

/// <summary>DESIGN §4.1.2 and §4.4: what a served order does, from its served time and not before.</summary>
public sealed class OrderServiceTests
{
    const string Served = "2022-12-28T15:00:00Z";
    static readonly Def[] One = [new Def(1, "19885566 Store", "M-1")];

    static History Marketplace() => History.Create()
        .Merchant("M-1", "19885566 Store", "https://shop.example/store/19885566", "P-1", "m1@example.com", "+1-555-0101")
        .Listing("L-1", "M-1", "Squishmallows 8in plush", "2022-12-20T00:00:00Z");

    [Fact]
    public void Gate_allows_one_second_before_service_and_denies_one_second_after()
    {
        using var h = Marketplace().Order(OrderJson.Tro("kt-tro", Served, One, "cease_infringement"));

        Assert.True(h.Allows("M-1", "2022-12-28T14:59:59Z"));
        Assert.True(h.Denies("M-1", Served));
        Assert.True(h.Denies("M-1", "2022-12-28T15:00:01Z"));

        var decision = h.Gate("M-1", "2022-12-28T15:00:01Z");
        var reason = Assert.Single(decision.Reasons, r => r.Code == KnowledgeCode.EnjoinedDefendant);
        Assert.Equal(History.T(Served), reason.Since);
        Assert.Equal("kt-tro", reason.Basis.Order);
        Assert.Equal(OrderJson.Case, reason.Basis.Case);
        Assert.Equal("1(a)", reason.Basis.Clause);
        Assert.Equal(Enjoin.Orders.OrderKind.TemporaryRestrainingOrder, reason.Basis.Kind);
    }

    [Fact]
    public void Order_served_later_than_its_import_takes_effect_only_when_event_time_reaches_service()
    {
        using var h = Marketplace().Order(OrderJson.Tro("kt-tro", Served, One, "cease_infringement", "restrain_assets"), at: "2022-12-27T09:00:00Z");

        // Imported, not yet served: nothing is enforced, known or held.
        Assert.Empty(h.Actions());
        Assert.Empty(h.Knowledge("M-1").Facts);
        Assert.True(h.Allows("M-1", "2022-12-28T15:00:01Z"));
        Assert.False(h.StoredOrder("kt-tro")!.InForce);

        h.Advance("2022-12-28T14:59:59Z");
        Assert.Empty(h.Actions());

        h.Advance("2022-12-29T00:00:00Z");
        Assert.True(h.StoredOrder("kt-tro")!.InForce);
        Assert.True(h.Allows("M-1", "2022-12-28T14:59:59Z"));
        Assert.True(h.Denies("M-1", "2022-12-28T15:00:01Z"));
        Assert.All(h.Actions(), a => Assert.Equal(History.T(Served), a.At));
        Assert.Single(h.Actions("M-1", ActionKind.TakedownListing));
        Assert.Single(h.Actions("M-1", ActionKind.HoldPayouts));
    }

    [Fact]
    public void Each_clause_issues_its_own_action_at_service()
    {
        using var h = Marketplace().Order(OrderJson.Tro("kt-tro", Served, One,
            "cease_infringement", "restrain_assets", "preserve_records", "disclose_information"));

        var hold = Assert.Single(h.Actions("M-1", ActionKind.HoldPayouts));
        Assert.Equal("1(b)", hold.Basis.Clause);
        var preserve = Assert.Single(h.Actions("M-1", ActionKind.PreserveRecords));
        Assert.Equal("1(c)", preserve.Basis.Clause);
        var produce = Assert.Single(h.Actions("M-1", ActionKind.ProduceRecords));
        Assert.Equal("1(d)", produce.Basis.Clause);
        Assert.All(h.Actions(), a =>
        {
            Assert.Equal(History.T(Served), a.At);
            Assert.Equal("kt-tro", a.Basis.Order);
            Assert.Equal(ActionStatus.Confirmed, a.Status);
        });
        // Nothing beyond what the clauses reach.
        Assert.Empty(h.Actions("M-1", ActionKind.DisableStorefront));
        Assert.Empty(h.Actions("M-1", ActionKind.TerminateAccount));
        Assert.Empty(h.Actions("M-1", ActionKind.SuspendAccount));
    }

    [Fact]
    public void Orders_without_cease_infringement_hold_but_give_no_knowledge()
    {
        using var h = Marketplace().Order(OrderJson.Tro("kt-tro", Served, One, "restrain_assets"));

        Assert.Single(h.Actions("M-1", ActionKind.HoldPayouts));
        Assert.Empty(h.Actions("M-1", ActionKind.TakedownListing));
        Assert.DoesNotContain(h.Knowledge("M-1").Facts, f => f.Code == KnowledgeCode.EnjoinedDefendant);
        Assert.True(h.Allows("M-1", "2022-12-28T15:00:01Z"));
    }

    [Fact]
    public void A_second_order_naming_the_same_merchant_issues_no_second_hold()
    {
        using var h = Marketplace()
            .Order(OrderJson.Tro("kt-tro", Served, One, "cease_infringement", "restrain_assets", "preserve_records"))
            .Order(OrderJson.Injunction("other-tro", "2023-01-05T10:00:00Z", [new Def(4, "19885566 Store", "M-1")],
                ["cease_infringement", "restrain_assets", "preserve_records"], @case: "23-CV-0001 (XYZ)"));

        var hold = Assert.Single(h.Actions("M-1", ActionKind.HoldPayouts));
        Assert.Equal("kt-tro", hold.Basis.Order);
        Assert.Single(h.Actions("M-1", ActionKind.PreserveRecords));
        Assert.Empty(h.Actions("M-1", ActionKind.ReleasePayouts));
        // Both orders are known, each with its own basis.
        var enjoined = h.Facts("M-1", KnowledgeCode.EnjoinedDefendant);
        Assert.Equal(["kt-tro", "other-tro"], enjoined.Select(f => f.Basis.Order!).Order().ToArray());
    }

    [Fact]
    public void Disable_storefront_is_never_automatic_and_becomes_a_review_item_for_legal()
    {
        using var h = Marketplace().Order(OrderJson.Tro("kt-tro", Served, One, "cease_infringement", "disable_storefront"));

        Assert.Empty(h.Actions("M-1", ActionKind.DisableStorefront));
        var item = Assert.Single(h.Review(ReviewKind.DisableStorefront));
        Assert.Equal(ReviewStatus.Open, item.Status);
        Assert.Equal("M-1", item.Merchant);
        Assert.Equal("kt-tro", item.Order);
        Assert.Equal(1, item.Defendant);
        Assert.Equal(History.T(Served), item.Created);
    }

    [Fact]
    public void Accepted_disable_storefront_item_issues_the_action_naming_the_decision()
    {
        using var h = Marketplace().Order(OrderJson.Tro("kt-tro", Served, One, "cease_infringement", "disable_storefront"));
        var item = Assert.Single(h.Review(ReviewKind.DisableStorefront));

        var decided = h.Decide(item.Id, accept: true, "counsel confirms the order reaches the storefront", "2022-12-29T10:00:00Z", by: "legal");

        Assert.Equal(ReviewStatus.Accepted, decided.Status);
        var action = Assert.Single(h.Actions("M-1", ActionKind.DisableStorefront));
        Assert.Equal(History.T("2022-12-29T10:00:00Z"), action.At);
        Assert.Equal(item.Id, action.Basis.Review);
        Assert.Equal("1(b)", action.Basis.Clause);
        Assert.Equal("kt-tro", action.Basis.Order);
    }

    [Fact]
    public void Declined_disable_storefront_item_is_recorded_with_its_reason_and_issues_nothing()
    {
        using var h = Marketplace().Order(OrderJson.Tro("kt-tro", Served, One, "cease_infringement", "disable_storefront"));
        var item = Assert.Single(h.Review(ReviewKind.DisableStorefront));

        var decided = h.Decide(item.Id, accept: false, "beyond what the defendant was ordered to do", "2022-12-29T10:00:00Z", by: "legal");

        Assert.Equal(ReviewStatus.Rejected, decided.Status);
        Assert.Empty(h.Actions("M-1", ActionKind.DisableStorefront));
        var entry = Assert.Single(h.Ledger(), e => e.Kind == "review_decided");
        Assert.Contains("beyond what the defendant was ordered to do", entry.Payload, StringComparison.Ordinal);
        Assert.Contains("\"by\":\"legal\"", entry.Payload, StringComparison.Ordinal);
    }

    [Fact]
    public void Knowledge_asked_as_of_an_earlier_time_after_later_events_still_answers_as_of_then()
    {
        using var h = Marketplace()
            .Order(OrderJson.Tro("kt-tro", Served, One, "cease_infringement"))
            .Order(OrderJson.Dissolution("kt-end", "kt-tro", "2023-01-20T12:00:00Z"));

        Assert.Empty(h.Knowledge("M-1", "2022-12-28T14:59:59Z").Facts);

        var then = h.Knowledge("M-1", "2023-01-01T00:00:00Z");
        var enjoined = Assert.Single(then.Facts, f => f.Code == KnowledgeCode.EnjoinedDefendant);
        Assert.Equal(History.T(Served), enjoined.Since);
        Assert.Equal(History.T("2023-01-20T12:00:00Z"), enjoined.Until);
        Assert.Contains(then.Facts, f => f.Code == KnowledgeCode.ListingNoticed && f.Listing == "L-1");
        Assert.True(h.Denies("M-1", "2023-01-01T00:00:00Z"));

        var after = h.Knowledge("M-1", "2023-01-20T12:00:01Z");
        Assert.DoesNotContain(after.Facts, f => f.Code == KnowledgeCode.EnjoinedDefendant);
        Assert.True(h.Allows("M-1", "2023-01-20T12:00:01Z"));
    }
}
