using Enjoin.Common;
using Enjoin.Gate;
using Enjoin.Knowledge;
using Enjoin.Tests.Support;

namespace Enjoin.Tests.Promotions;

/// <summary>
/// DESIGN §3 "Promotion event", §4.4 (last bullet): each promotion event is judged against the knowledge
/// at its own time, by the gate's own policy; one the gate would have denied is an exposure, recorded with
/// the knowledge it contradicts.
/// </summary>
public sealed class PromotionAuditTests
{
    const string Served = "2022-12-10T15:00:00Z";

    /// <summary>
    /// M-1 is a defendant of a TRO served at <see cref="Served"/> (its counterfeit L-1 is taken down);
    /// M-2 is not, but its listing L-3 is named in a notice; M-9 is an ordinary merchant.
    /// </summary>
    static History Marketplace()
    {
        var h = History.Create()
            .Merchant("M-1", "19885566 Store").Merchant("M-2", "Happy Toy World").Merchant("M-9", "Honest Goods")
            .Listing("L-1", "M-1", "SQUISHMALLOWS 8in plush", "2022-12-02T00:00:00Z")
            .Listing("L-2", "M-1", "Wooden train set", "2022-12-02T00:00:00Z")
            .Listing("L-3", "M-2", "Plush toy, soft", "2022-12-02T00:00:00Z")
            .Listing("L-4", "M-2", "Plush bear", "2022-12-02T00:00:00Z")
            .Listing("L-9", "M-9", "Marshmallow pillow", "2022-12-02T00:00:00Z")
            .Order(OrderJson.Tro("kt-tro", Served, [new Def(1, "19885566 Store", "M-1")], "cease_infringement", "restrain_assets"))
            .Notice("N-1", "2022-12-12T09:00:00Z", ["L-3"]);
        return h;
    }

    [Fact]
    public void A_promotion_before_knowledge_is_not_an_exposure_one_second_after_is()
    {
        using var h = Marketplace();
        Assert.Null(h.Promote("P-1", Surface.SponsoredSearch, "M-1", "2022-12-10T14:59:59Z"));
        var after = h.Promote("P-2", Surface.SponsoredSearch, "M-1", "2022-12-10T15:00:01Z");
        Assert.NotNull(after);
        Assert.Equal([KnowledgeCode.EnjoinedDefendant], after.Codes);
        Assert.Equal(History.T("2022-12-10T15:00:01Z"), after.At);
        Assert.Equal(["P-2"], h.Engine.Exposures().Select(e => e.Promotion));
    }

    [Theory]
    [InlineData(Surface.SponsoredSearch)]
    [InlineData(Surface.OffsiteAd)]
    [InlineData(Surface.PromoEmail)]
    [InlineData(Surface.Recommendation)]
    [InlineData(Surface.PremiumStatus)]
    public void Every_surface_promoting_an_enjoined_merchant_after_service_is_an_exposure(Surface surface)
    {
        using var h = Marketplace();
        var exposure = h.Promote("P-1", surface, "M-1", "2022-12-11T00:00:00Z", "L-2");
        Assert.NotNull(exposure);
        Assert.Equal(surface, exposure.Surface);
        Assert.Equal("M-1", exposure.Merchant);
        Assert.Equal("L-2", exposure.Listing);
        // The same surface for a merchant the platform knows nothing about is no exposure.
        Assert.Null(h.Promote("P-2", surface, "M-9", "2022-12-11T00:00:00Z", "L-9"));
    }

    [Fact]
    public void A_noticed_listings_promotion_is_an_exposure_another_listing_of_the_same_merchant_is_not()
    {
        using var h = Marketplace();
        var noticed = h.Promote("P-1", Surface.Recommendation, "M-2", "2022-12-13T00:00:00Z", "L-3");
        Assert.NotNull(noticed);
        Assert.Equal([KnowledgeCode.ListingNoticed], noticed.Codes);
        Assert.Null(h.Promote("P-2", Surface.Recommendation, "M-2", "2022-12-13T00:00:00Z", "L-4"));
        Assert.Null(h.Promote("P-3", Surface.PremiumStatus, "M-2", "2022-12-13T00:00:00Z"));
        // Before the notice, the same listing was no exposure.
        Assert.Null(h.Promote("P-4", Surface.Recommendation, "M-2", "2022-12-12T08:59:59Z", "L-3"));
    }

    [Fact]
    public void The_codes_and_reasons_of_an_exposure_are_exactly_those_the_gate_gives()
    {
        using var h = Marketplace();
        // L-1 was taken down under the TRO: both the merchant's enjoinment and the listing's notice deny it.
        var exposure = h.Promote("P-1", Surface.OffsiteAd, "M-1", "2022-12-20T00:00:00Z", "L-1");
        var gate = h.Gate("M-1", "2022-12-20T00:00:00Z", "L-1", Surface.OffsiteAd);
        Assert.False(gate.Allow);
        Assert.NotNull(exposure);
        Assert.Equal(gate.Reasons.Select(r => r.Code).Distinct(), exposure.Codes);
        Assert.Equal([KnowledgeCode.EnjoinedDefendant, KnowledgeCode.ListingNoticed], exposure.Codes.Order());

        var recorded = Assert.Single(h.Engine.Exposures("M-1"));
        Assert.Equal(gate.Reasons.Count, recorded.Reasons.Count);
        for (var i = 0; i < gate.Reasons.Count; i++)
        {
            Assert.Equal(gate.Reasons[i].Code, recorded.Reasons[i].Code);
            Assert.Equal(gate.Reasons[i].Since, recorded.Reasons[i].Since);
            Assert.Equal(gate.Reasons[i].Basis, recorded.Reasons[i].Basis);
        }
        Assert.Equal("kt-tro", recorded.Reasons[0].Basis.Order);
    }

    [Fact]
    public void Each_exposure_is_ledgered_after_the_batch_event_of_its_promotion()
    {
        using var h = Marketplace();
        var before = h.LedgerLength;
        h.Promotions(
            History.PromotionLine("P-1", "sponsored_search", "M-9", "2022-12-20T00:00:00Z"),
            History.PromotionLine("P-2", "promo_email", "M-1", "2022-12-20T00:00:01Z", audience: "counsel@kellytoys.example"));
        var events = h.Ledger().Where(e => e.Seq > before).ToList();
        Assert.Equal(["promotions_ingested", "exposure_recorded"], events.Select(e => e.Kind));
        Assert.Contains("\"P-1\"", events[0].Payload, StringComparison.Ordinal);
        Assert.Contains("\"P-2\"", events[0].Payload, StringComparison.Ordinal);
        Assert.Contains("\"enjoined_defendant\"", events[1].Payload, StringComparison.Ordinal);
        Assert.Equal("P-2", Assert.Single(h.Engine.Exposures()).Promotion);
        Assert.Equal("M-1", events[1].Subject);
    }

    [Fact]
    public void Ingesting_the_same_promotions_again_changes_nothing()
    {
        using var h = Marketplace();
        string[] file =
        [
            History.PromotionLine("P-1", "sponsored_search", "M-1", "2022-12-20T00:00:00Z"),
            History.PromotionLine("P-2", "sponsored_search", "M-9", "2022-12-20T00:00:00Z"),
        ];
        var first = h.Promotions(file);
        var length = h.LedgerLength;
        var second = h.Promotions(file);

        Assert.Equal(length, h.LedgerLength);
        Assert.Empty(second.Rejected);
        Assert.Equal(first.Accepted, second.Accepted);
        // The summary still names the file's exposure; none is recorded twice.
        Assert.Equal(["P-1"], second.Exposures.Select(e => e.Promotion));
        Assert.Single(h.Engine.Exposures());
    }

    [Fact]
    public void The_same_id_with_other_content_is_rejected_and_the_first_record_stands()
    {
        using var h = Marketplace();
        h.Promotions(History.PromotionLine("P-1", "sponsored_search", "M-9", "2022-12-20T00:00:00Z"));
        var length = h.LedgerLength;
        var changed = h.Promotions(History.PromotionLine("P-1", "sponsored_search", "M-1", "2022-12-20T00:00:00Z"));
        var error = Assert.Single(changed.Errors);
        Assert.Equal(("promotions.jsonl", 1, "id"), (error.File, error.Line, error.Field));
        Assert.Equal(0, changed.Accepted);
        Assert.Equal(length, h.LedgerLength);
        Assert.Empty(h.Engine.Exposures());
    }

    [Fact]
    public void A_promotion_ingested_later_is_still_judged_at_its_own_time()
    {
        using var h = Marketplace();
        // The TRO is dissolved in January; the promotions arrive afterwards, dated before, during and after the enjoinment.
        h.Order(OrderJson.Dissolution("kt-tro-dis", "kt-tro", "2023-01-10T15:00:00Z"));
        var summary = h.Promotions(
            History.PromotionLine("P-before", "sponsored_search", "M-1", "2022-12-10T14:00:00Z"),
            History.PromotionLine("P-during", "sponsored_search", "M-1", "2022-12-24T12:00:00Z"),
            History.PromotionLine("P-after", "sponsored_search", "M-1", "2023-01-11T00:00:00Z"));
        Assert.Empty(summary.Rejected);
        var exposure = Assert.Single(summary.Exposures);
        Assert.Equal("P-during", exposure.Promotion);
        Assert.Equal(History.T("2022-12-24T12:00:00Z"), exposure.At);
        // What the gate says now (after the dissolution) is not what decided it.
        Assert.True(h.Gate("M-1", "2023-01-11T00:00:00Z").Allow);
    }

    [Fact]
    public void A_promotion_of_an_unknown_merchant_is_rejected_naming_file_line_and_field()
    {
        using var h = Marketplace();
        var summary = h.Promotions(
            History.PromotionLine("P-1", "sponsored_search", "M-9", "2022-12-20T00:00:00Z"),
            History.PromotionLine("P-2", "sponsored_search", "M-404", "2022-12-20T00:00:00Z"),
            """{"id":"P-3","surface":"billboard","merchant":"M-9","at":"2022-12-20T00:00:00Z"}""");
        Assert.Equal(1, summary.Accepted);
        Assert.Equal(3, summary.Read);
        Assert.Equal([("promotions.jsonl", 2, "merchant"), ("promotions.jsonl", 3, "surface")],
            summary.Errors.Select(e => (e.File, e.Line, e.Field)));
        Assert.Contains("M-404", summary.Errors[0].Message, StringComparison.Ordinal);
        Assert.Equal([2, 3], summary.Rejected.Select(r => r.Line));
    }

    [Fact]
    public void A_promotion_without_a_time_is_rejected()
    {
        using var h = Marketplace();
        var summary = h.Promotions("""{"id":"P-1","surface":"sponsored_search","merchant":"M-1"}""");
        var error = Assert.Single(summary.Errors);
        Assert.Equal((1, "at"), (error.Line, error.Field));
        Assert.Empty(h.Engine.Exposures());
    }

    [Fact]
    public void A_promotion_naming_another_merchants_listing_is_rejected()
    {
        using var h = Marketplace();
        var summary = h.Promotions(History.PromotionLine("P-1", "sponsored_search", "M-9", "2022-12-20T00:00:00Z", "L-3"));
        Assert.Equal("listing", Assert.Single(summary.Errors).Field);
    }
}
