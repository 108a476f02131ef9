using System.Text.Json.Nodes;
using Enjoin.Actions;
using Enjoin.Engine;
using Enjoin.Knowledge;
using Enjoin.Listings;
using Enjoin.Notices;
using Enjoin.Tests.Support;

namespace Enjoin.Tests.Notices;

/// <summary>
/// DESIGN §4.2.4 (§512(g)): a counter-notice on a listing taken down by a notice restores it after
/// counter_notice_wait business days unless suit is filed first; restoration withdraws the notice's
/// strike; a listing taken down under a court order is never restored by counter-notice.
/// </summary>
public sealed class CounterNoticeTests
{
    const string Noticed = "2023-06-22T09:00:00Z";   // a Thursday
    const string Countered = "2023-06-26T09:00:00Z"; // a Monday
    const string NineDays = "2023-07-07T09:00:00Z";  // 27, 28, 29, 30 June, 3–7 July
    const string TenDays = "2023-07-10T09:00:00Z";   // … and 10 July

    static History Marketplace(Policy? policy = null) => History.Create(policy)
        .Merchant("M-1", "19885566 Store")
        .Merchant("M-2", "Happy Toy World")
        .Listing("L-1", "M-1", "Squishmallows plush 8in", "2023-05-01T00:00:00Z")
        .Listing("L-2", "M-1", "Plush toy 12in", "2023-05-01T00:00:00Z")
        .Listing("L-3", "M-1", "Plush toy 16in", "2023-05-01T00:00:00Z")
        .Listing("L-21", "M-2", "Plush frog", "2023-05-01T00:00:00Z");

    static History CounterNoticed(Policy? policy = null) => Marketplace(policy)
        .Notice("N-1", Noticed, ["L-1"])
        .CounterNotice("CN-1", Countered, "N-1", "L-1", "M-1");

    [Fact]
    public void Counter_notice_restores_after_ten_business_days_not_nine()
    {
        using var h = CounterNoticed().Advance(NineDays);

        Assert.Equal(ListingStatus.Removed, h.StoredListing("L-1")!.Status);
        Assert.Empty(h.Actions("M-1", ActionKind.RestoreListing));
        Assert.Null(Assert.Single(h.Facts("M-1", KnowledgeCode.ListingNoticed)).Until);
        Assert.Null(Assert.Single(h.Strikes("M-1")).WithdrawnAt);

        h.Advance(TenDays);

        var restore = Assert.Single(h.Actions("M-1", ActionKind.RestoreListing));
        Assert.Equal("L-1", restore.Listing);
        Assert.Equal(History.T(TenDays), restore.At);
        Assert.Equal("N-1", restore.Basis.Notice);
        Assert.Equal(ListingStatus.Active, h.StoredListing("L-1")!.Status);
        Assert.Equal(History.T(TenDays), Assert.Single(h.Facts("M-1", KnowledgeCode.ListingNoticed)).Until);
        Assert.Equal(History.T(TenDays), Assert.Single(h.Strikes("M-1")).WithdrawnAt);
        Assert.True(h.Allows("M-1", "2023-07-10T09:00:01Z", "L-1"));
        Assert.True(h.Denies("M-1", "2023-07-10T08:59:59Z", "L-1"));
    }

    [Fact]
    public void Holiday_in_the_policy_pushes_restoration_a_further_business_day()
    {
        var policy = Policy.Default with { Holidays = new HashSet<DateOnly> { new(2023, 7, 4) } };
        using var h = CounterNoticed(policy).Advance(TenDays);

        Assert.Equal(ListingStatus.Removed, h.StoredListing("L-1")!.Status);
        Assert.Empty(h.Actions("M-1", ActionKind.RestoreListing));

        h.Advance("2023-07-11T09:00:00Z");

        Assert.Equal(History.T("2023-07-11T09:00:00Z"), Assert.Single(h.Actions("M-1", ActionKind.RestoreListing)).At);
        Assert.Equal(ListingStatus.Active, h.StoredListing("L-1")!.Status);
    }

    [Fact]
    public void Restoration_withdraws_only_that_notices_strike_for_that_merchant()
    {
        using var h = Marketplace()
            .Notice("N-1", Noticed, ["L-1", "L-21"])
            .Notice("N-2", "2023-06-23T09:00:00Z", ["L-2"])
            .CounterNotice("CN-1", Countered, "N-1", "L-1", "M-1")
            .Advance(TenDays);

        var strikes = h.Strikes("M-1");
        Assert.Equal(History.T(TenDays), Assert.Single(strikes, s => s.SourceId == "N-1").WithdrawnAt);
        Assert.Null(Assert.Single(strikes, s => s.SourceId == "N-2").WithdrawnAt);
        // The other merchant named in the same notice did not counter-notice: its strike and takedown stand.
        Assert.Null(Assert.Single(h.Strikes("M-2")).WithdrawnAt);
        Assert.Equal(ListingStatus.Removed, h.StoredListing("L-21")!.Status);
        Assert.Equal(ListingStatus.Removed, h.StoredListing("L-2")!.Status);
    }

    [Fact]
    public void Restoration_that_drops_strikes_below_the_threshold_closes_repeat_infringer()
    {
        using var h = Marketplace()
            .Notice("N-1", "2023-06-01T09:00:00Z", ["L-2"])
            .Notice("N-2", "2023-06-08T09:00:00Z", ["L-3"])
            .Notice("N-3", Noticed, ["L-1"])
            .CounterNotice("CN-1", Countered, "N-3", "L-1", "M-1")
            .Advance(TenDays);

        Assert.Equal(History.T(TenDays), Assert.Single(h.Facts("M-1", KnowledgeCode.RepeatInfringer)).Until);
        // Termination is not undone by restoration: only a reviewer reinstates.
        Assert.Null(Assert.Single(h.Facts("M-1", KnowledgeCode.Terminated)).Until);
        Assert.Single(h.Actions("M-1", ActionKind.TerminateAccount));
    }

    [Fact]
    public void Counter_notice_does_not_restore_when_suit_is_filed_first()
    {
        using var h = CounterNoticed().SuitFiled("S-1", "N-1", "2023-07-05T12:00:00Z").Advance("2023-08-01T00:00:00Z");

        Assert.Equal(ListingStatus.Removed, h.StoredListing("L-1")!.Status);
        Assert.Empty(h.Actions("M-1", ActionKind.RestoreListing));
        Assert.Null(Assert.Single(h.Facts("M-1", KnowledgeCode.ListingNoticed)).Until);
        Assert.Null(Assert.Single(h.Strikes("M-1")).WithdrawnAt);
        Assert.Contains(h.Ledger(), e => e.Kind == "suit_filed" && e.At == History.T("2023-07-05T12:00:00Z"));
        Assert.DoesNotContain(h.Ledger(), e => e.Kind == "counter_notice_wait_ended");
    }

    [Fact]
    public void Suit_reported_after_restoration_does_not_undo_it()
    {
        using var h = CounterNoticed().Advance(TenDays).SuitFiled("S-1", "N-1", "2023-07-12T00:00:00Z");

        Assert.Equal(ListingStatus.Active, h.StoredListing("L-1")!.Status);
        Assert.NotNull(Assert.Single(h.Strikes("M-1")).WithdrawnAt);
    }

    [Fact]
    public void Counter_notice_never_restores_a_court_ordered_takedown()
    {
        // L-1 comes down under the order's cease_infringement clause; a notice then names it too.
        using var h = Marketplace()
            .Order(OrderJson.Tro("kt-tro", "2023-06-01T15:00:00Z", [new Def(1, "19885566 Store", "M-1")], "cease_infringement"))
            .Notice("N-1", Noticed, ["L-1"]);
        Assert.Equal(ListingStatus.Removed, h.StoredListing("L-1")!.Status);

        var result = Assert.Single(h.SubmitCounterNotices(NoticeJson.Counter("CN-1", Countered, "N-1", "L-1", "M-1").ToJsonString()).Results);
        Assert.Equal(CounterNoticeStatus.Refused, result.Status);
        Assert.Null(result.RestoreAt);

        h.Advance("2023-08-01T00:00:00Z");

        Assert.Equal(ListingStatus.Removed, h.StoredListing("L-1")!.Status);
        Assert.Empty(h.Actions("M-1", ActionKind.RestoreListing));
        var noticed = h.Facts("M-1", KnowledgeCode.ListingNoticed);
        Assert.All(noticed, f => Assert.Null(f.Until));
        Assert.Contains(noticed, f => f.Basis.Order == "kt-tro");
        Assert.Null(Assert.Single(h.Strikes("M-1"), s => s.SourceId == "N-1").WithdrawnAt);
        Assert.True(h.Denies("M-1", "2023-08-01T00:00:00Z", "L-1"));
    }

    [Theory]
    [InlineData("consent_to_jurisdiction", "false")]
    [InlineData("consent_to_jurisdiction", "missing")]
    [InlineData("signature", "missing")]
    [InlineData("statement", "missing")]
    [InlineData("id", "missing")]
    [InlineData("at", "missing")]
    [InlineData("notice", "missing")]
    [InlineData("listing", "missing")]
    [InlineData("merchant", "missing")]
    [InlineData("notice", "N-404")]
    [InlineData("listing", "L-2")]
    [InlineData("merchant", "M-2")]
    public void Counter_notice_missing_an_element_or_not_matching_the_notice_is_rejected_naming_the_field(string field, string value)
    {
        // N-1 named L-1 of M-1 (and L-404, unknown); L-2 was never named.
        using var h = Marketplace().Notice("N-1", Noticed, ["L-1", "L-404"]);
        var counter = NoticeJson.Counter("CN-1", Countered, "N-1", "L-1", "M-1");
        switch (value)
        {
            case "missing": counter.Remove(field); break;
            case "false": counter[field] = false; break;
            default: counter[field] = value; break;
        }
        var length = h.LedgerLength;

        var submission = h.SubmitCounterNotices(counter.ToJsonString());

        Assert.Empty(submission.Results);
        Assert.Equal(field, Assert.Single(submission.Errors).Field);
        Assert.Equal(length, h.LedgerLength);
        Assert.Empty(h.Review());
        h.Advance("2023-08-01T00:00:00Z");
        Assert.Empty(h.Actions("M-1", ActionKind.RestoreListing));
    }

    [Fact]
    public void Counter_notice_on_a_listing_the_notice_named_but_did_not_know_is_rejected()
    {
        using var h = Marketplace().Notice("N-1", Noticed, ["L-1", "L-404"]);

        var submission = h.SubmitCounterNotices(NoticeJson.Counter("CN-1", Countered, "N-1", "L-404", "M-1").ToJsonString());

        Assert.Equal("listing", Assert.Single(submission.Errors).Field);
    }

    [Fact]
    public void Counter_notice_waits_in_the_review_queue_until_resolved()
    {
        using var h = CounterNoticed();

        var item = Assert.Single(h.Review(Enjoin.Review.ReviewKind.CounterNotice));
        Assert.Equal(Enjoin.Review.ReviewStatus.Open, item.Status);
        Assert.Equal("L-1", item.Listing);

        h.Advance(TenDays);

        Assert.NotEqual(Enjoin.Review.ReviewStatus.Open, Assert.Single(h.Review(Enjoin.Review.ReviewKind.CounterNotice)).Status);
    }

    [Fact]
    public void Counter_notice_array_with_a_suit_report_through_the_CLI()
    {
        using var h = Marketplace().Notice("N-1", Noticed, ["L-1"]);
        var suit = new JsonObject { ["kind"] = "suit_filed", ["id"] = "S-1", ["notice"] = "N-1", ["at"] = "2023-06-30T00:00:00Z" };
        var path = h.File("counter.json", NoticeJson.Array(NoticeJson.Counter("CN-1", Countered, "N-1", "L-1", "M-1"), suit));

        var (exit, _, stderr) = h.Cli("counter-notices", "submit", path, "--json");
        h.Advance("2023-08-01T00:00:00Z");

        Assert.True(exit == 0, stderr);
        Assert.Equal(ListingStatus.Removed, h.StoredListing("L-1")!.Status);
        Assert.Empty(h.Actions("M-1", ActionKind.RestoreListing));
    }
}
