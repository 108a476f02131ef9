using Enjoin.Actions;
using Enjoin.Common;
using Enjoin.Review;
using Enjoin.Tests.Support;

namespace Enjoin.Tests.Screening;

/// <summary>
/// Marks outside orders and what reviewers teach screening (DESIGN §4.5; issue 6 item 2): a rights holder's registered
/// mark is screened for (review items, never automatic takedowns); an allowed phrase suppresses hits inside it, for
/// orders' marks too; reviewer rejections are the mark's false positives.
/// </summary>
public sealed class MarkRegistryTests
{
    const string Served = "2022-12-28T15:00:00Z";
    static readonly Def[] One = [new Def(1, "19885566 Store", "M-1")];

    static History Marketplace() => History.Create()
        .Merchant("M-1", "19885566 Store")
        .Merchant("M-2", "Farm Shop")
        .Listing("L-1", "M-2", "Snugglebud plush bunny", "2022-12-01T00:00:00Z")
        .Listing("L-2", "M-2", "Snugglebud Farm honey 500g", "2022-12-01T00:00:00Z");

    [Fact]
    public void Registered_mark_is_screened_for_in_existing_and_new_listings_as_review_items_only()
    {
        using var h = Marketplace();
        h.Engine.RegisterMark("SNUGGLEBUD", "Snugglebud Toys Inc.", "US Reg. No. 1234567", at: History.T("2023-01-01T00:00:00Z"));

        var existing = h.Review(ReviewKind.ScreeningHit);
        Assert.Equal(["L-1", "L-2"], existing.Select(i => i.Listing!).Order().ToArray());
        Assert.All(existing, i => Assert.Null(i.Order));
        Assert.All(existing, i => Assert.Equal(History.T("2023-01-01T00:00:00Z"), i.Created));

        h.Listing("L-3", "M-1", "Snuglebud bunny", "2023-01-02T00:00:00Z");
        var fuzzy = h.Review(ReviewKind.ScreeningHit).Single(i => i.Listing == "L-3");
        Assert.Equal(1, (int?)fuzzy.Evidence["distance"]);
        // No order reaches these merchants: nothing is taken down, nothing is known about them.
        Assert.Empty(h.Actions());
        Assert.True(h.Allows("M-2", "2023-01-02T00:00:01Z", "L-1"));
    }

    [Fact]
    public void Allowed_phrase_stops_hits_inside_it_and_only_inside_it()
    {
        using var h = Marketplace();
        h.Engine.RegisterMark("SNUGGLEBUD", "Snugglebud Toys Inc.", null, at: History.T("2023-01-01T00:00:00Z"));
        var honey = h.Review(ReviewKind.ScreeningHit).Single(i => i.Listing == "L-2");
        h.Decide(honey.Id, accept: false, "a farm's own brand of honey", "2023-01-02T00:00:00Z");
        h.Engine.AllowPhrase("snugglebud", "Snugglebud Farm", "the farm's own brand, in use since 1990", "reviewer", History.T("2023-01-02T00:00:00Z"));

        h.Listing("L-4", "M-2", "SNUGGLEBUD FARM clover honey", "2023-01-03T00:00:00Z");
        h.Listing("L-5", "M-2", "Snugglebud Farm honey and a Snugglebud plush", "2023-01-03T00:00:00Z");

        Assert.DoesNotContain(h.Review(ReviewKind.ScreeningHit), i => i.Listing == "L-4");
        Assert.Contains(h.Review(ReviewKind.ScreeningHit), i => i.Listing == "L-5");
        var mark = Assert.Single(h.Engine.Marks());
        Assert.Equal(["Snugglebud Farm"], mark.Allowed);
        Assert.Equal(1, mark.FalsePositives);
        Assert.Equal("Snugglebud Toys Inc.", mark.Owner);
    }

    [Fact]
    public void Allowed_phrase_holds_for_an_order_s_mark_and_spares_a_defendant_s_honest_listing()
    {
        using var h = History.Create().Merchant("M-1", "19885566 Store")
            .Listing("L-1", "M-1", "Squishmallows 8in plush", "2022-12-01T00:00:00Z")
            .Listing("L-2", "M-1", "Marsh Squishmallows Bakery cookie tin", "2022-12-01T00:00:00Z")
            .Order(OrderJson.Injunction("kt-tro", "2022-12-20T00:00:00Z", One, ["cease_infringement"]));
        h.Engine.AllowPhrase("SQUISHMALLOWS", "Marsh Squishmallows Bakery", "a bakery's registered trade name", "legal", History.T("2022-12-21T00:00:00Z"));
        h.Order(OrderJson.Injunction("kt-pi", Served, One, ["cease_infringement"], kind: "preliminary_injunction", supersedes: "kt-tro"));
        h.Listing("L-3", "M-1", "Marsh Squishmallows Bakery shortbread", "2023-01-03T00:00:00Z");
        h.Listing("L-4", "M-1", "Squishmallows 12in plush", "2023-01-03T00:00:00Z");

        var taken = h.Actions("M-1", ActionKind.TakedownListing).Select(a => a.Listing).ToHashSet();
        Assert.Contains("L-1", taken);
        Assert.Contains("L-4", taken);
        Assert.DoesNotContain("L-3", taken);
    }

    [Fact]
    public void Bad_registrations_and_allowances_are_refused_naming_the_field_and_record_nothing()
    {
        using var h = Marketplace();
        h.Engine.RegisterMark("SNUGGLEBUD", "Snugglebud Toys Inc.", null, at: History.T("2023-01-01T00:00:00Z"));
        var length = h.LedgerLength;

        Assert.Equal("mark", Assert.Throws<InputRejectedException>(() => h.Engine.RegisterMark("snugglebud", "Someone Else", null)).Errors[0].Field);
        Assert.Equal("mark", Assert.Throws<InputRejectedException>(() => h.Engine.RegisterMark(" -- ", "Someone", null)).Errors[0].Field);
        Assert.Equal("mark", Assert.Throws<InputRejectedException>(() => h.Engine.AllowPhrase("NOSUCHMARK", "nosuchmark x", "r", "reviewer")).Errors[0].Field);
        Assert.Equal("phrase", Assert.Throws<InputRejectedException>(() => h.Engine.AllowPhrase("SNUGGLEBUD", "Farm honey", "r", "reviewer")).Errors[0].Field);
        Assert.Equal("reason", Assert.Throws<InputRejectedException>(() => h.Engine.AllowPhrase("SNUGGLEBUD", "Snugglebud Farm", " ", "reviewer")).Errors[0].Field);
        // The same registration again changes nothing.
        h.Engine.RegisterMark("SNUGGLEBUD", "Snugglebud Toys Inc.", null);

        Assert.Equal(length, h.LedgerLength);
    }
}
