using Enjoin.Actions;
using Enjoin.Knowledge;
using Enjoin.Review;
using Enjoin.Tests.Support;

namespace Enjoin.Tests.Screening;

/// <summary>
/// Linked accounts (DESIGN §3, §4.1.3; issue 6 item 6): a merchant sharing a payout account, email or phone with
/// an enjoined merchant (order covering aliases) or a terminated repeat infringer is a review item with the shared
/// identifier as evidence — whichever of the two accounts the platform learns of first.
/// </summary>
public sealed class LinkedAccountTests
{
    const string Served = "2022-12-28T15:00:00Z";
    static readonly Def[] One = [new Def(1, "19885566 Store", "M-1")];

    static string Order(bool coversAliases = true) =>
        OrderJson.Injunction("kt-tro", Served, One, ["cease_infringement"], coversAliases: coversAliases);

    static History Defendant() => History.Create()
        .Merchant("M-1", "19885566 Store", "https://shop.example/store/19885566", "P-1", "m1@example.com", "+1-555-0101");

    [Theory]
    [InlineData("payout_account")]
    [InlineData("email")]
    [InlineData("phone")]
    public void Account_opened_after_service_sharing_a_detail_with_a_defendant_is_an_alias_candidate(string via)
    {
        using var h = Defendant().Order(Order());
        Assert.Empty(h.Review(ReviewKind.AliasCandidate));

        h.Merchant("M-9", "New Plush Outlet", "https://shop.example/store/new",
            payout: via == "payout_account" ? "P-1" : "P-9", email: via == "email" ? "m1@example.com" : "m9@example.com",
            phone: via == "phone" ? "+1-555-0101" : "+1-555-0109", at: "2023-01-05T00:00:00Z");

        var item = Assert.Single(h.Review(ReviewKind.AliasCandidate));
        Assert.Equal("M-9", item.Merchant);
        Assert.Equal("kt-tro", item.Order);
        Assert.Equal(1, item.Defendant);
        Assert.Equal(via, (string?)item.Evidence["shared"]);
        Assert.Equal("M-1", (string?)item.Evidence["defendant_merchant"]);
        Assert.Equal(History.T("2023-01-05T00:00:00Z"), item.Created);
        Assert.True(h.Allows("M-9", "2023-01-05T00:00:01Z"));
    }

    [Fact]
    public void Profile_changed_to_share_a_payout_account_with_a_defendant_is_an_alias_candidate_once()
    {
        using var h = Defendant()
            .Merchant("M-9", "Quiet Shop", "https://shop.example/store/quiet", "P-9", "m9@example.com", "+1-555-0109")
            .Order(Order());
        Assert.Empty(h.Review(ReviewKind.AliasCandidate));

        h.Merchant("M-9", "Quiet Shop", "https://shop.example/store/quiet", "P-1", "m9@example.com", "+1-555-0109", at: "2023-01-05T00:00:00Z");
        var item = Assert.Single(h.Review(ReviewKind.AliasCandidate));
        h.Decide(item.Id, accept: false, "payment processor's pooled account", "2023-01-06T00:00:00Z");
        // The same profile changing again elsewhere does not raise a rejected question again.
        h.Merchant("M-9", "Quiet Shop", "https://shop.example/store/quiet", "P-1", "m9-new@example.com", "+1-555-0109", at: "2023-01-07T00:00:00Z");

        Assert.Single(h.Review(ReviewKind.AliasCandidate));
    }

    [Fact]
    public void Without_covers_aliases_a_later_linked_account_is_not_asked_about()
    {
        using var h = Defendant().Order(Order(coversAliases: false));
        h.Merchant("M-9", "New Plush Outlet", payout: "P-1", at: "2023-01-05T00:00:00Z");

        Assert.Empty(h.Review(ReviewKind.AliasCandidate));
    }

    [Fact]
    public void Linked_account_of_a_dismissed_defendant_is_not_asked_about()
    {
        using var h = Defendant().Order(Order())
            .Order(OrderJson.Modification("kt-mod", "kt-tro", "2023-01-02T00:00:00Z", dismiss: [1]));
        h.Merchant("M-9", "New Plush Outlet", payout: "P-1", at: "2023-01-05T00:00:00Z");

        Assert.Empty(h.Review(ReviewKind.AliasCandidate));
    }

    static History RepeatInfringer(History h)
    {
        h.Listing("L-1", "M-1", "Plush bear", "2023-01-01T00:00:00Z")
            .Listing("L-2", "M-1", "Plush cat", "2023-01-01T00:00:00Z")
            .Listing("L-3", "M-1", "Plush dog", "2023-01-01T00:00:00Z");
        return h.Notice("N-1", "2023-02-01T00:00:00Z", ["L-1"])
            .Notice("N-2", "2023-02-02T00:00:00Z", ["L-2"])
            .Notice("N-3", "2023-02-03T00:00:00Z", ["L-3"]);
    }

    [Fact]
    public void Accounts_linked_to_a_terminated_repeat_infringer_become_review_items_at_termination()
    {
        using var h = Defendant()
            .Merchant("M-8", "Other Shop", "https://shop.example/store/other", "P-8", "m1@example.com", "+1-555-0108")
            .Merchant("M-7", "Unrelated Shop", "https://shop.example/store/unrelated", "P-7", "m7@example.com", "+1-555-0107");
        RepeatInfringer(h);

        Assert.Single(h.Actions("M-1", ActionKind.TerminateAccount));
        var item = Assert.Single(h.Review(ReviewKind.AliasCandidate));
        Assert.Equal("M-8", item.Merchant);
        Assert.Null(item.Order);
        Assert.Equal("M-1", (string?)item.Evidence["terminated_merchant"]);
        Assert.Equal("email", (string?)item.Evidence["shared"]);
        Assert.Equal(History.T("2023-02-03T00:00:00Z"), item.Created);
        // Asking is not acting: nothing is done to the linked account until a reviewer accepts.
        Assert.Empty(h.Actions("M-8", ActionKind.TerminateAccount));
        Assert.True(h.Allows("M-8", "2023-02-03T00:00:01Z"));
    }

    [Fact]
    public void Accepted_link_to_a_terminated_repeat_infringer_terminates_the_linked_account_from_the_decision()
    {
        using var h = Defendant().Merchant("M-8", "Other Shop", payout: "P-1");
        RepeatInfringer(h);
        var item = Assert.Single(h.Review(ReviewKind.AliasCandidate));

        h.Decide(item.Id, accept: true, "same person: shared payout account and photos", "2023-02-10T00:00:00Z");

        var termination = Assert.Single(h.Actions("M-8", ActionKind.TerminateAccount));
        Assert.Equal(History.T("2023-02-10T00:00:00Z"), termination.At);
        Assert.Equal(item.Id, termination.Basis.Review);
        Assert.True(h.Allows("M-8", "2023-02-09T23:59:59Z"));
        Assert.True(h.Denies("M-8", "2023-02-10T00:00:01Z"));
        Assert.Single(h.Facts("M-8", KnowledgeCode.Terminated));
    }

    [Fact]
    public void Account_opened_after_a_termination_sharing_its_phone_is_a_review_item()
    {
        using var h = Defendant();
        RepeatInfringer(h);
        Assert.Empty(h.Review(ReviewKind.AliasCandidate));

        h.Merchant("M-6", "Fresh Start Toys", phone: "+1-555-0101", at: "2023-03-01T00:00:00Z");

        var item = Assert.Single(h.Review(ReviewKind.AliasCandidate));
        Assert.Equal("M-6", item.Merchant);
        Assert.Equal("phone", (string?)item.Evidence["shared"]);
        Assert.Equal("M-1", (string?)item.Evidence["terminated_merchant"]);
    }

    [Fact]
    public void Rejected_link_to_a_terminated_account_leaves_the_linked_account_alone()
    {
        using var h = Defendant().Merchant("M-8", "Other Shop", payout: "P-1");
        RepeatInfringer(h);
        var item = Assert.Single(h.Review(ReviewKind.AliasCandidate));

        h.Decide(item.Id, accept: false, "marketplace escrow account shared by many sellers", "2023-02-10T00:00:00Z");

        Assert.Empty(h.Actions("M-8", ActionKind.TerminateAccount));
        Assert.True(h.Allows("M-8", "2023-02-10T00:00:01Z"));
    }
}
