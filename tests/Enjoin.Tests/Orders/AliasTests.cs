using Enjoin.Actions;
using Enjoin.Knowledge;
using Enjoin.Review;
using Enjoin.Tests.Support;

namespace Enjoin.Tests.Orders;

/// <summary>DESIGN §4.1.3: with covers_aliases, linked accounts are review items; a confirmed alias is the defendant from then.</summary>
public sealed class AliasTests
{
    const string Served = "2022-12-28T15:00:00Z";
    const string Confirmed = "2023-01-10T00:00:00Z";
    static readonly Def[] One = [new Def(1, "19885566 Store", "M-1")];

    static History Marketplace(string? payout = "P-2", string? email = "m2@example.com", string? phone = "+1-555-0102") => History.Create()
        .Merchant("M-1", "19885566 Store", "https://shop.example/store/19885566", "P-1", "m1@example.com", "+1-555-0101")
        .Merchant("M-2", "Sunny Plush", "https://shop.example/store/sunny", payout, email, phone)
        .Merchant("M-3", "Unlinked Shop", "https://shop.example/store/unlinked", "P-3", "m3@example.com", "+1-555-0103")
        .Listing("L-2", "M-2", "Squishmallows bear", "2022-12-20T00:00:00Z");

    static string Order(bool coversAliases = true) =>
        OrderJson.Injunction("kt-tro", Served, One, ["cease_infringement", "restrain_assets"], coversAliases: coversAliases);

    [Theory]
    [InlineData("payout_account")]
    [InlineData("email")]
    [InlineData("phone")]
    public void Account_linked_by_shared_detail_becomes_an_alias_candidate_not_a_defendant(string via)
    {
        using var h = via switch
        {
            "payout_account" => Marketplace(payout: "P-1"),
            "email" => Marketplace(email: "m1@example.com"),
            _ => Marketplace(phone: "+1-555-0101"),
        };
        h.Order(Order());

        var item = Assert.Single(h.Review(ReviewKind.AliasCandidate));
        Assert.Equal("M-2", item.Merchant);
        Assert.Equal("kt-tro", item.Order);
        Assert.Equal(1, item.Defendant);
        Assert.Equal(via, (string?)item.Evidence["shared"]);
        Assert.Equal("M-1", (string?)item.Evidence["defendant_merchant"]);
        // A candidate is not a defendant: nothing is done to it and the gate allows it.
        Assert.DoesNotContain(h.Actions(), a => a.Merchant == "M-2");
        Assert.Empty(h.Knowledge("M-2").Facts);
        Assert.True(h.Allows("M-2", "2022-12-28T15:00:01Z"));
        Assert.DoesNotContain(h.Review(), i => i.Merchant == "M-3");
    }

    [Fact]
    public void Alias_confirmed_later_is_allowed_before_the_confirmation_and_denied_after()
    {
        using var h = Marketplace(payout: "P-1").Order(Order());
        var item = Assert.Single(h.Review(ReviewKind.AliasCandidate));

        var decided = h.Decide(item.Id, accept: true, "same payout account; same product photos", Confirmed);

        Assert.Equal(ReviewStatus.Accepted, decided.Status);
        Assert.True(h.Allows("M-2", "2023-01-09T23:59:59Z"));
        Assert.True(h.Denies("M-2", "2023-01-10T00:00:01Z"));
        var enjoined = Assert.Single(h.Facts("M-2", KnowledgeCode.EnjoinedDefendant));
        Assert.Equal(History.T(Confirmed), enjoined.Since);
        Assert.Equal(1, enjoined.Basis.Defendant);
        // Treated as the defendant: its matching listing comes down and its payouts are held, from the confirmation.
        var takedown = Assert.Single(h.Actions("M-2", ActionKind.TakedownListing));
        Assert.Equal("L-2", takedown.Listing);
        Assert.Equal(History.T(Confirmed), takedown.At);
        Assert.Equal(History.T(Confirmed), Assert.Single(h.Actions("M-2", ActionKind.HoldPayouts)).At);
    }

    [Fact]
    public void Rejected_alias_candidate_stays_unrestricted()
    {
        using var h = Marketplace(payout: "P-1").Order(Order());
        var item = Assert.Single(h.Review(ReviewKind.AliasCandidate));

        h.Decide(item.Id, accept: false, "shared payout processor account, unrelated seller", Confirmed);

        Assert.True(h.Allows("M-2", "2023-01-10T00:00:01Z"));
        Assert.DoesNotContain(h.Actions(), a => a.Merchant == "M-2");
        Assert.Empty(h.Knowledge("M-2").Facts);
    }

    [Fact]
    public void Without_covers_aliases_linked_accounts_are_not_review_items()
    {
        using var h = Marketplace(payout: "P-1").Order(Order(coversAliases: false));

        Assert.Empty(h.Review(ReviewKind.AliasCandidate));
        Assert.True(h.Allows("M-2", "2022-12-28T15:00:01Z"));
    }
}
