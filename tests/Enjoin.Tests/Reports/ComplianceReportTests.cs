using Enjoin.Actions;
using Enjoin.Engine;
using Enjoin.Gate;
using Enjoin.Knowledge;
using Enjoin.Orders;
using Enjoin.Reports;
using Enjoin.Tests.Support;

namespace Enjoin.Tests.Reports;

/// <summary>
/// DESIGN §5.5's definitions, figure by figure, on one hand-built case asked as of several times: before service,
/// just after it, after the first confirmations, after relists, after a defendant's dismissal and release.
/// Actions wait in the outbox, so each confirmation time (and each latency) is the test's own.
/// </summary>
public sealed class ComplianceReportTests : IDisposable
{
    const string Served = "2022-12-28T15:00:00Z";
    readonly History h = History.Create(Policy.Default with { ActionAdapter = ActionAdapter.Outbox });

    public void Dispose() => h.Dispose();

    long Action(string merchant, ActionKind kind, string? listing = null) =>
        h.Actions(merchant, kind).Single(a => listing is null || a.Listing == listing).Id;

    /// <summary>
    /// Alpha (no. 1, M-1) and Beta (no. 2, M-2) are resolved, Ghost (no. 3) is not. M-1's L-N was taken down by a notice
    /// before the order; at service L-1, L-2 (M-1) and L-4 (M-2) come down: after 1 h, 3 h and 30 h (past the 24 h SLA).
    /// M-1 relists L-5 (down after 2 h); M-2 relists L-6 (never confirmed). A modification dismisses Beta on Feb 1.
    /// </summary>
    ComplianceReportTests Case()
    {
        h.Merchant("M-1", "Alpha Store").Merchant("M-2", "Beta Store").Merchant("M-9", "Honest Store")
         .Listing("L-1", "M-1", "SQUISHMALLOWS plush 8 inch", "2022-12-05T00:00:00Z")
         .Listing("L-2", "M-1", "Squishmallows bear", "2022-12-05T00:00:00Z")
         .Listing("L-3", "M-1", "Wooden train set", "2022-12-05T00:00:00Z")
         .Listing("L-4", "M-2", "SQUISHMALLOWS cat", "2022-12-05T00:00:00Z")
         .Listing("L-N", "M-1", "SQUISHMALLOWS noticed plush", "2022-12-05T00:00:00Z")
         .Notice("N-1", "2022-12-10T00:00:00Z", ["L-N"]);
        h.Confirm(Action("M-1", ActionKind.TakedownListing, "L-N"), "2022-12-10T02:00:00Z");
        Assert.Null(h.Promote("P-1", Surface.SponsoredSearch, "M-1", "2022-12-20T00:00:00Z"));

        h.Order(OrderJson.Tro("kt-tro", Served, [new Def(1, "Alpha Store", "M-1"), new Def(2, "Beta Store", "M-2"), new Def(3, "Ghost Store", "M-404")],
            "cease_infringement", "restrain_assets"), at: "2022-12-27T00:00:00Z");
        h.Advance(Served);
        h.Confirm(Action("M-1", ActionKind.TakedownListing, "L-1"), "2022-12-28T16:00:00Z")
         .Confirm(Action("M-1", ActionKind.HoldPayouts), "2022-12-28T17:00:00Z")
         .Confirm(Action("M-1", ActionKind.TakedownListing, "L-2"), "2022-12-28T18:00:00Z")
         .Confirm(Action("M-2", ActionKind.HoldPayouts), "2022-12-28T20:00:00Z")
         .Confirm(Action("M-2", ActionKind.TakedownListing, "L-4"), "2022-12-29T21:00:00Z");

        Assert.NotNull(h.Promote("P-2", Surface.SponsoredSearch, "M-1", "2023-01-02T00:00:00Z"));
        Assert.NotNull(h.Promote("P-3", Surface.PromoEmail, "M-2", "2023-01-03T00:00:00Z"));
        Assert.Null(h.Promote("P-4", Surface.SponsoredSearch, "M-9", "2023-01-03T00:00:00Z"));

        h.Listing("L-5", "M-1", "SQUISHMALLOWS again", "2023-01-05T10:00:00Z");
        h.Confirm(Action("M-1", ActionKind.TakedownListing, "L-5"), "2023-01-05T12:00:00Z");
        h.Listing("L-6", "M-2", "Squishmallows kitten", "2023-01-06T10:00:00Z");

        h.Order(OrderJson.Modification("kt-mod", "kt-tro", "2023-02-01T15:00:00Z", dismiss: [2]));
        h.Confirm(Action("M-2", ActionKind.ReleasePayouts), "2023-02-01T16:00:00Z");
        return this;
    }

    ComplianceReport Report(string at, string order = "kt-tro") => h.Engine.Report(order, History.T(at))!;

    static ReportDefendant No(ComplianceReport r, int no) => r.Defendants.Single(d => d.No == no);

    [Fact]
    public void Before_service_the_defendants_are_named_and_nothing_is_counted()
    {
        var r = Case().Report("2022-12-27T12:00:00Z");

        Assert.Equal(History.T("2022-12-27T12:00:00Z"), r.AsOf);
        Assert.Equal(("kt-tro", "22-CV-9384 (JMF)", OrderKind.TemporaryRestrainingOrder, History.T(Served)), (r.Order.Id, r.Order.Case, r.Order.Kind, r.Order.Served));
        Assert.All(r.Order.Clauses, c => Assert.Equal((ClauseStatus.Active, History.T(Served)), (c.Status, c.Since)));
        Assert.Equal(new ReportTotals(3, 2, 1, 0, null, null, 0, 0, 0, 0, 0), r.Totals);
        Assert.Equal(["M-1"], No(r, 1).Merchants);
        Assert.Equal(ReportDefendantStatus.Unresolved, No(r, 3).Status);
        Assert.Empty(No(r, 3).Merchants);
        // The notice's strike and knowledge are there already; the order's are not.
        Assert.Equal(1, No(r, 1).Strikes);
        Assert.Equal([KnowledgeCode.ListingNoticed], No(r, 1).Knowledge.Select(k => k.Code));
        Assert.Equal(0, No(r, 2).Strikes);
        Assert.Empty(No(r, 2).Knowledge);
    }

    [Fact]
    public void Just_after_service_takedowns_issued_but_unconfirmed_are_not_taken_down()
    {
        var r = Case().Report("2022-12-28T15:30:00Z");

        Assert.Equal(new ReportTotals(3, 2, 1, 0, null, null, 0, 0, 0, 0, 0), r.Totals);
        Assert.Equal(3, r.Record.TakedownsOpen);
        Assert.Equal(2, No(r, 1).Strikes); // the notice's and the order's (§4.1.5)
        Assert.Contains(No(r, 2).Knowledge, k => k.Code == KnowledgeCode.EnjoinedDefendant && k.Until is null);
        Assert.Empty(r.Record.TakedownLatencies);
    }

    [Fact]
    public void After_the_first_confirmations_latency_holds_and_an_overdue_listing_count()
    {
        var r = Case().Report("2022-12-29T16:00:00Z");

        // L-1 after 1 h, L-2 after 3 h; L-4 still up 24 h after service: overdue.
        Assert.Equal(new ReportTotals(3, 2, 1, 2, 3600, 10800, 0, 0, 2, 0, 1), r.Totals);
        Assert.Equal((2, 0), (No(r, 1).ListingsTakenDown, No(r, 2).ListingsTakenDown));
        Assert.True(No(r, 1).PayoutsHeld);
        Assert.True(No(r, 2).PayoutsHeld);
        var overdue = Assert.Single(r.Record.OverdueListings);
        Assert.Equal((2, "L-4", History.T("2022-12-29T15:00:00Z"), (DateTimeOffset?)null), (overdue.Defendant, overdue.Listing, overdue.Since, overdue.Until));
        Assert.Equal(1, r.Record.TakedownsOpen);
    }

    [Fact]
    public void Relists_detected_and_taken_down_notices_apart_and_exposures_only_after_knowledge()
    {
        var r = Case().Report("2023-01-10T00:00:00Z");

        // Latencies 3600 (L-1), 7200 (L-5), 10800 (L-2), 108000 (L-4): nearest rank p50 = 2nd, p95 = 4th.
        Assert.Equal(new ReportTotals(3, 2, 1, 4, 7200, 108000, 2, 1, 2, 2, 2), r.Totals);
        Assert.Equal([3600, 7200, 10800, 108000], r.Record.TakedownLatencies.Select(l => l.Seconds).Order());
        Assert.Equal(["L-5"], r.Record.TakedownLatencies.Where(l => l.Relist).Select(l => l.Listing));

        var alpha = No(r, 1);
        // L-N came down by the notice, before the order: not the order's.
        Assert.Equal((3, 1, 1), (alpha.ListingsTakenDown, alpha.RelistsDetected, alpha.RelistsTakenDown));
        Assert.DoesNotContain(r.Record.TakedownLatencies, l => l.Listing == "L-N");
        Assert.Equal(new Dictionary<string, int> { ["sponsored_search"] = 1 }, alpha.Exposures);
        Assert.Equal(2, alpha.Strikes);

        var beta = No(r, 2);
        Assert.Equal((1, 1, 0), (beta.ListingsTakenDown, beta.RelistsDetected, beta.RelistsTakenDown));
        Assert.Equal(new Dictionary<string, int> { ["promo_email"] = 1 }, beta.Exposures);
        Assert.Equal(1, beta.Strikes);

        // P-1 came before knowledge, P-4 promoted a merchant the order does not name.
        Assert.Equal(["P-2", "P-3"], r.Record.Exposures.Select(e => e.Promotion));
        Assert.Equal(["L-4", "L-6"], r.Record.OverdueListings.Select(o => o.Listing).Order(StringComparer.Ordinal));
        Assert.Equal(History.T("2022-12-29T21:00:00Z"), r.Record.OverdueListings.Single(o => o.Listing == "L-4").Until);
        Assert.Equal(1, r.Record.TakedownsOpen);
    }

    [Fact]
    public void A_dismissed_defendant_keeps_its_record_and_its_hold_ends_when_the_release_is_confirmed()
    {
        Case();
        var issued = Report("2023-02-01T15:30:00Z");
        Assert.Equal(ReportDefendantStatus.Dismissed, No(issued, 2).Status);
        Assert.True(No(issued, 2).PayoutsHeld); // the release is instructed, not yet confirmed
        Assert.Equal(2, issued.Totals.PayoutHolds);

        var r = Report("2023-02-02T00:00:00Z");
        Assert.Equal(new ReportTotals(3, 1, 1, 4, 7200, 108000, 2, 1, 1, 2, 2), r.Totals);
        Assert.False(No(r, 2).PayoutsHeld);
        Assert.True(No(r, 1).PayoutsHeld);
        Assert.DoesNotContain(No(r, 2).Knowledge, k => k.Code == KnowledgeCode.EnjoinedDefendant);
        Assert.Equal(1, r.Record.Dismissed);
        Assert.Equal(0, r.Record.TakedownsOpen); // the dismissal cancelled L-6's takedown
        // The report of the modification is the report of the order it changes.
        Assert.Equal("kt-tro", Report("2023-02-02T00:00:00Z", "kt-mod").Order.Id);
    }

    [Fact]
    public void The_timeline_shows_knowledge_and_actions_up_to_the_report_time_only()
    {
        var r = Case().Report("2022-12-28T16:30:00Z");

        Assert.All(r.Record.Timeline, e => Assert.True(e.At <= r.AsOf));
        Assert.Contains(r.Record.Timeline, e => e is { Defendant: 1, Event: TimelineKind.ActionConfirmed, What: "takedown_listing", Listing: "L-1" });
        Assert.DoesNotContain(r.Record.Timeline, e => e is { Event: TimelineKind.ActionConfirmed, Listing: "L-2" });
        Assert.Contains(r.Record.Timeline, e => e is { Defendant: 2, Event: TimelineKind.KnowledgeOpened, What: "enjoined_defendant" });
    }

    [Fact]
    public void The_report_names_the_ledger_it_was_drawn_from_and_the_head_hash()
    {
        var r = Case().Report("2023-01-10T00:00:00Z");
        var ledger = h.Ledger();

        Assert.Equal((1L, ledger[^1].Seq, ledger[^1].Hash), (r.Record.Ledger.FromSeq, r.Record.Ledger.ToSeq, r.Record.Ledger.HeadHash));
    }

    [Fact]
    public void The_policy_in_force_is_the_one_the_ledger_recorded_last_before_the_report_time()
    {
        Case();
        h.UsePolicy(Policy.Default with { ActionAdapter = ActionAdapter.Outbox, TakedownSla = TimeSpan.FromHours(48) }).Advance("2023-03-01T00:00:00Z");

        var before = Report("2023-01-10T00:00:00Z").Record.Policy;
        var after = Report("2023-03-02T00:00:00Z").Record.Policy;
        Assert.Equal("1d", (string?)before.Terms["takedown_sla"]);
        Assert.Equal("2d", (string?)after.Terms["takedown_sla"]);
        Assert.True(after.Seq > before.Seq);
        Assert.Equal(History.T("2023-03-01T00:00:00Z"), after.At);
    }

    [Fact]
    public void A_defendant_a_modification_adds_is_on_the_report_from_the_modifications_service()
    {
        Case();
        h.Merchant("M-3", "Gamma Store", at: "2023-02-10T00:00:00Z")
         .Order(OrderJson.Modification("kt-add", "kt-tro", "2023-03-01T15:00:00Z", add: [new Def(4, "Gamma Store", "M-3")]));

        Assert.DoesNotContain(Report("2023-03-01T14:00:00Z").Defendants, d => d.No == 4);
        var r = Report("2023-03-01T16:00:00Z");
        Assert.Equal((4, ReportDefendantStatus.Resolved), (r.Totals.Defendants, No(r, 4).Status));
        Assert.Equal(["M-3"], No(r, 4).Merchants);
        Assert.False(No(r, 4).PayoutsHeld); // its hold is instructed, not yet confirmed
    }

    [Fact]
    public void A_failed_takedown_is_neither_taken_down_nor_open()
    {
        Case();
        h.Listing("L-7", "M-1", "SQUISHMALLOWS once more", "2023-03-01T00:00:00Z");
        h.Engine.ConfirmAction(Action("M-1", ActionKind.TakedownListing, "L-7"), History.T("2023-03-01T01:00:00Z"), failed: true, reason: "not found");

        var r = Report("2023-03-01T02:00:00Z");
        Assert.Equal((4, 3, 1), (r.Totals.ListingsTakenDown, r.Totals.RelistsDetected, r.Totals.RelistsTakenDown));
        Assert.Equal(0, r.Record.TakedownsOpen);
        Assert.Equal(1, Report("2023-03-01T00:30:00Z").Record.TakedownsOpen); // before it failed it was open
    }

    [Fact]
    public void Promotions_suppressed_for_the_defendants_are_reported_up_to_the_report_day()
    {
        Case();
        h.Engine.RecordSuppressions([
            new Suppression("M-1", Surface.SponsoredSearch, new DateOnly(2023, 1, 4), 7),
            new Suppression("M-1", Surface.PromoEmail, new DateOnly(2023, 1, 12), 2),
            new Suppression("M-9", Surface.SponsoredSearch, new DateOnly(2023, 1, 4), 5),
        ]);

        var r = Report("2023-01-10T00:00:00Z");
        var suppressed = Assert.Single(r.Record.PromotionsSuppressed);
        Assert.Equal((1, "M-1", Surface.SponsoredSearch, new DateOnly(2023, 1, 4), 7L), (suppressed.Defendant, suppressed.Merchant, suppressed.Surface, suppressed.Day, suppressed.Count));
        Assert.Equal(2, Report("2023-01-12T08:00:00Z").Record.PromotionsSuppressed.Count);
    }

    [Fact]
    public void An_unknown_order_has_no_report() =>
        Assert.Null(Case().h.Engine.Report("nope", History.T("2023-01-10T00:00:00Z")));

    [Theory]
    [InlineData(new double[] { 15, 20, 35, 40, 50 }, 30, 20.0)]
    [InlineData(new double[] { 15, 20, 35, 40, 50 }, 40, 20.0)]
    [InlineData(new double[] { 15, 20, 35, 40, 50 }, 50, 35.0)]
    [InlineData(new double[] { 50, 40, 35, 20, 15 }, 100, 50.0)]
    [InlineData(new double[] { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10 }, 95, 10.0)]
    [InlineData(new double[] { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10 }, 50, 5.0)]
    [InlineData(new double[] { 42 }, 95, 42.0)]
    public void Percentiles_are_nearest_rank(double[] values, int p, double expected) =>
        Assert.Equal(expected, ComplianceReports.Percentile(values, p));

    [Fact]
    public void No_latency_is_no_percentile_not_zero() => Assert.Null(ComplianceReports.Percentile([], 50));
}

/// <summary>Decision 013: a PI's report includes what was done under the TRO it superseded; the TRO's does not include the PI's.</summary>
public sealed class SupersessionReportTests : IDisposable
{
    readonly History h = History.Create();

    public void Dispose() => h.Dispose();

    [Fact]
    public void A_preliminary_injunction_reports_what_was_done_under_the_tro_it_superseded()
    {
        h.Merchant("M-1", "Alpha Store")
         .Listing("L-1", "M-1", "SQUISHMALLOWS plush", "2022-12-05T00:00:00Z")
         .Order(OrderJson.Tro("kt-tro", "2022-12-10T15:00:00Z", [new Def(1, "Alpha Store", "M-1")], "cease_infringement", "restrain_assets"))
         .Order(OrderJson.Injunction("kt-pi", "2022-12-24T15:00:00Z", [new Def(1, "Alpha Store", "M-1")], ["cease_infringement", "restrain_assets"],
             kind: "preliminary_injunction", supersedes: "kt-tro"))
         .Listing("L-2", "M-1", "Squishmallows relisted", "2023-01-05T00:00:00Z");

        var pi = h.Engine.Report("kt-pi", History.T("2023-01-10T00:00:00Z"))!;
        Assert.Equal(["kt-pi", "kt-tro"], pi.Record.Chain);
        // The mirror confirms at once: zero latency is a latency.
        Assert.Equal(new ReportTotals(1, 1, 0, 2, 0, 0, 1, 1, 1, 0, 0), pi.Totals);

        var tro = h.Engine.Report("kt-tro", History.T("2023-01-10T00:00:00Z"))!;
        Assert.Equal(["kt-tro"], tro.Record.Chain);
        Assert.Equal((1, 0), (tro.Totals.ListingsTakenDown, tro.Totals.RelistsDetected));
        Assert.All(tro.Order.Clauses, c => Assert.Equal((ClauseStatus.Expired, History.T("2022-12-24T15:00:00Z")), (c.Status, c.Since)));
        // As of before the PI, its TRO's clauses were still active.
        Assert.All(h.Engine.Report("kt-tro", History.T("2022-12-20T00:00:00Z"))!.Order.Clauses, c => Assert.Equal(ClauseStatus.Active, c.Status));
    }
}
