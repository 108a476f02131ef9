using Enjoin.Actions;
using Enjoin.Common;
using Enjoin.Engine;
using Enjoin.Knowledge;
using Enjoin.Strikes;
using Enjoin.Tests.Support;

namespace Enjoin.Tests.Notices;

/// <summary>
/// DESIGN §4.2.2–§4.2.3: one strike per notice per merchant; strikes expire after strike_window; at
/// strike_threshold active strikes the account is terminated (or suspended), and only a reviewer with
/// a reason reinstates it.
/// </summary>
public sealed class StrikeTests
{
    static History Marketplace(Policy? policy = null)
    {
        var h = History.Create(policy).Merchant("M-1", "19885566 Store").Merchant("M-2", "Happy Toy World");
        for (var i = 1; i <= 6; i++) h.Listing($"L-{i}", "M-1", $"Plush toy no. {i}", "2023-01-10T00:00:00Z");
        return h.Listing("L-21", "M-2", "Plush frog", "2023-01-10T00:00:00Z");
    }

    /// <summary>Strikes on 1 Feb, 1 Mar and 1 Apr 2023.</summary>
    static History ThreeNotices(Policy? policy = null) => Marketplace(policy)
        .Notice("N-1", "2023-02-01T09:00:00Z", ["L-1"])
        .Notice("N-2", "2023-03-01T09:00:00Z", ["L-2"])
        .Notice("N-3", "2023-04-01T09:00:00Z", ["L-3"]);

    [Fact]
    public void Two_listings_of_one_merchant_in_one_notice_give_one_strike()
    {
        using var h = Marketplace().Notice("N-1", "2023-02-01T09:00:00Z", ["L-1", "L-2"], out var receipt);

        var strike = Assert.Single(h.Strikes("M-1"));
        Assert.Equal(StrikeSource.Notice, strike.Source);
        Assert.Equal("N-1", strike.SourceId);
        Assert.Equal(History.T("2023-02-01T09:00:00Z"), strike.Issued);
        Assert.Equal(strike.Id, Assert.Single(receipt.Strikes).Strike);
        // Both listings still come down.
        Assert.Equal(["L-1", "L-2"], h.Actions("M-1", ActionKind.TakedownListing).Select(a => a.Listing!).Order().ToArray());
    }

    [Fact]
    public void Two_merchants_in_one_notice_give_one_strike_each()
    {
        using var h = Marketplace().Notice("N-1", "2023-02-01T09:00:00Z", ["L-1", "L-2", "L-21"], out var receipt);

        Assert.Equal("N-1", Assert.Single(h.Strikes("M-1")).SourceId);
        Assert.Equal("N-1", Assert.Single(h.Strikes("M-2")).SourceId);
        Assert.Equal(["M-1", "M-2"], receipt.Strikes.Select(s => s.Merchant).Order().ToArray());
    }

    [Fact]
    public void Strike_expires_after_the_policy_strike_window()
    {
        using var h = Marketplace(Policy.Default with { StrikeWindow = TimeSpan.FromDays(30) })
            .Notice("N-1", "2023-02-01T09:00:00Z", ["L-1"]);

        var strike = Assert.Single(h.Strikes("M-1"));
        Assert.Equal(History.T("2023-03-03T09:00:00Z"), strike.Expires);
        Assert.True(strike.ActiveAt(History.T("2023-03-03T08:59:59Z")));
        Assert.False(strike.ActiveAt(History.T("2023-03-03T09:00:00Z")));
    }

    [Fact]
    public void Third_strike_in_window_terminates_the_account()
    {
        using var h = Marketplace()
            .Notice("N-1", "2023-02-01T09:00:00Z", ["L-1"])
            .Notice("N-2", "2023-03-01T09:00:00Z", ["L-2"]);

        Assert.Empty(h.Actions("M-1", ActionKind.TerminateAccount));
        Assert.Empty(h.Facts("M-1", KnowledgeCode.RepeatInfringer));
        Assert.Empty(h.Facts("M-1", KnowledgeCode.Terminated));

        h.Notice("N-3", "2023-04-01T09:00:00Z", ["L-3"]);

        var strikes = h.Strikes("M-1").Select(s => s.Id).Order().ToArray();
        Assert.Equal(3, strikes.Length);
        var terminate = Assert.Single(h.Actions("M-1", ActionKind.TerminateAccount));
        Assert.Equal(History.T("2023-04-01T09:00:00Z"), terminate.At);
        Assert.Null(terminate.Listing);
        Assert.Equal(strikes, terminate.Basis.Strikes!.Order().ToArray());
        var terminated = Assert.Single(h.Facts("M-1", KnowledgeCode.Terminated));
        Assert.Equal(History.T("2023-04-01T09:00:00Z"), terminated.Since);
        Assert.Null(terminated.Until);
        var repeat = Assert.Single(h.Facts("M-1", KnowledgeCode.RepeatInfringer));
        Assert.Equal(History.T("2023-04-01T09:00:00Z"), repeat.Since);
        Assert.Equal(strikes, repeat.Basis.Strikes!.Order().ToArray());
        Assert.Empty(h.Actions("M-1", ActionKind.SuspendAccount));
        // The gate names the strikes.
        var reason = Assert.Single(h.Gate("M-1", "2023-04-01T09:00:01Z").Reasons, r => r.Code == KnowledgeCode.RepeatInfringer);
        Assert.Equal(strikes, reason.Basis.Strikes!.Order().ToArray());
        // The other merchant is untouched.
        Assert.Empty(h.Knowledge("M-2").Facts);
    }

    [Fact]
    public void Strikes_that_expired_before_the_third_do_not_terminate()
    {
        using var h = Marketplace()
            .Notice("N-1", "2023-02-01T09:00:00Z", ["L-1"])
            .Notice("N-2", "2023-03-01T09:00:00Z", ["L-2"])
            .Notice("N-3", "2024-02-01T09:00:00Z", ["L-3"]);

        Assert.Equal(3, h.Strikes("M-1").Count);
        Assert.Empty(h.Actions("M-1", ActionKind.TerminateAccount));
        Assert.Empty(h.Facts("M-1", KnowledgeCode.RepeatInfringer));
        Assert.Empty(h.Facts("M-1", KnowledgeCode.Terminated));
    }

    [Fact]
    public void Repeat_infringer_closes_when_a_strike_expires_but_terminated_stays()
    {
        using var h = ThreeNotices().Advance("2024-02-01T08:59:59Z");

        Assert.Null(Assert.Single(h.Facts("M-1", KnowledgeCode.RepeatInfringer)).Until);

        h.Advance("2024-02-01T09:00:00Z");

        // N-1's strike expired a window after issue: two active, below the threshold.
        Assert.Equal(History.T("2024-02-01T09:00:00Z"), Assert.Single(h.Facts("M-1", KnowledgeCode.RepeatInfringer)).Until);
        Assert.Null(Assert.Single(h.Facts("M-1", KnowledgeCode.Terminated)).Until);
        var reasons = h.Gate("M-1", "2024-02-01T09:00:01Z").Reasons;
        Assert.Contains(reasons, r => r.Code == KnowledgeCode.Terminated);
        Assert.DoesNotContain(reasons, r => r.Code == KnowledgeCode.RepeatInfringer);
        Assert.Single(h.Actions("M-1", ActionKind.TerminateAccount));
    }

    [Fact]
    public void Repeat_infringer_action_suspend_suspends_instead_of_terminating()
    {
        using var h = ThreeNotices(Policy.Default with { RepeatInfringerAction = RepeatInfringerAction.Suspend });

        var suspend = Assert.Single(h.Actions("M-1", ActionKind.SuspendAccount));
        Assert.Equal(History.T("2023-04-01T09:00:00Z"), suspend.At);
        Assert.Equal(3, suspend.Basis.Strikes!.Count);
        Assert.Empty(h.Actions("M-1", ActionKind.TerminateAccount));
        Assert.Empty(h.Facts("M-1", KnowledgeCode.Terminated));
        Assert.Single(h.Facts("M-1", KnowledgeCode.RepeatInfringer));
    }

    [Fact]
    public void Reinstatement_without_a_reason_is_rejected()
    {
        using var h = ThreeNotices();
        var length = h.LedgerLength;

        foreach (var reason in new[] { "", "  " })
        {
            var e = Assert.Throws<InputRejectedException>(() => h.Reinstate("M-1", reason, "2023-04-10T00:00:00Z"));
            Assert.Equal("reason", Assert.Single(e.Errors).Field);
        }
        Assert.Equal(length, h.LedgerLength);
        Assert.Null(Assert.Single(h.Facts("M-1", KnowledgeCode.Terminated)).Until);

        // Through the CLI: --reason is required.
        var (exit, _, _) = h.Cli("merchants", "reinstate", "M-1");
        Assert.Equal(2, exit);
        Assert.Equal(length, h.LedgerLength);
    }

    [Fact]
    public void Reviewer_reinstates_with_a_reason_and_the_next_strike_past_the_threshold_terminates_again()
    {
        using var h = ThreeNotices().Reinstate("M-1", "identity verified; supplier invoices produced", "2023-04-10T00:00:00Z");

        var first = Assert.Single(h.Facts("M-1", KnowledgeCode.Terminated));
        Assert.Equal(History.T("2023-04-10T00:00:00Z"), first.Until);
        var reinstated = Assert.Single(h.Ledger(), e => e.Kind == "merchant_reinstated");
        Assert.Contains("supplier invoices", reinstated.Payload, StringComparison.Ordinal);
        Assert.DoesNotContain(h.Gate("M-1", "2023-04-10T00:00:01Z").Reasons, r => r.Code == KnowledgeCode.Terminated);

        h.Notice("N-4", "2023-05-01T09:00:00Z", ["L-4"]);

        var terminations = h.Actions("M-1", ActionKind.TerminateAccount);
        Assert.Equal(2, terminations.Count);
        Assert.Equal(History.T("2023-05-01T09:00:00Z"), terminations[1].At);
        Assert.Equal(4, terminations[1].Basis.Strikes!.Count);
        var facts = h.Facts("M-1", KnowledgeCode.Terminated);
        Assert.Equal(2, facts.Count);
        Assert.Equal(History.T("2023-05-01T09:00:00Z"), facts[1].Since);
        Assert.Null(facts[1].Until);
    }

    [Fact]
    public void Reinstated_merchant_is_not_terminated_again_by_a_strike_expiring()
    {
        // Four strikes; reinstated; the first expires, three remain: no new infringement, no new termination.
        using var h = ThreeNotices()
            .Notice("N-4", "2023-05-01T09:00:00Z", ["L-4"])
            .Reinstate("M-1", "reviewed: account compromised, now secured", "2023-05-10T00:00:00Z")
            .Advance("2024-02-02T00:00:00Z");

        Assert.Single(h.Actions("M-1", ActionKind.TerminateAccount));
        Assert.NotNull(Assert.Single(h.Facts("M-1", KnowledgeCode.Terminated)).Until);
        Assert.Null(Assert.Single(h.Facts("M-1", KnowledgeCode.RepeatInfringer)).Until);
    }

    [Fact]
    public void Suspended_merchant_reinstated_is_suspended_again_by_the_next_strike()
    {
        using var h = ThreeNotices(Policy.Default with { RepeatInfringerAction = RepeatInfringerAction.Suspend })
            .Reinstate("M-1", "appeal upheld", "2023-04-10T00:00:00Z")
            .Notice("N-4", "2023-05-01T09:00:00Z", ["L-4"]);

        Assert.Equal(2, h.Actions("M-1", ActionKind.SuspendAccount).Count);
        Assert.Empty(h.Actions("M-1", ActionKind.TerminateAccount));
    }

    [Fact]
    public void Trusted_flaggers_going_first_with_later_notices_do_not_make_the_earlier_ones_undo_the_termination()
    {
        // N-3 and N-4, a trusted flagger's, are processed before N-2 though dated after it: the third
        // strike (N-4, 1 May) terminates; N-2's strike, counted as of 1 March, finds two and must not
        // close what 1 May opened.
        using var h = Marketplace().Notice("N-1", "2023-02-01T09:00:00Z", ["L-1"]);
        var submission = h.SubmitNotices(NoticeJson.Array(
            NoticeJson.Of("N-2", "2023-03-01T09:00:00Z", ["L-2"]),
            NoticeJson.Of("N-3", "2023-04-01T09:00:00Z", ["L-3"], "flagger@trusted.example", "trusted_flagger"),
            NoticeJson.Of("N-4", "2023-05-01T09:00:00Z", ["L-4"], "flagger@trusted.example", "trusted_flagger")));
        Assert.Empty(submission.Errors);

        Assert.Equal(4, h.Strikes("M-1").Count);
        var repeat = Assert.Single(h.Facts("M-1", KnowledgeCode.RepeatInfringer));
        Assert.Equal(History.T("2023-05-01T09:00:00Z"), repeat.Since);
        Assert.Null(repeat.Until);
        Assert.Single(h.Actions("M-1", ActionKind.TerminateAccount));
        Assert.Contains(h.Gate("M-1", "2023-06-01T00:00:00Z").Reasons, r => r.Code == KnowledgeCode.RepeatInfringer);
    }

    [Fact]
    public void A_notice_dated_before_a_reinstated_merchants_strikes_does_not_close_what_they_opened()
    {
        using var h = ThreeNotices().Reinstate("M-1", "appeal upheld", "2023-04-10T00:00:00Z")
            .Notice("N-0", "2023-01-15T09:00:00Z", ["L-4"]);

        // As of 15 January the merchant had one strike; the threshold was reached on 1 April and still is.
        var repeat = Assert.Single(h.Facts("M-1", KnowledgeCode.RepeatInfringer));
        Assert.Equal(History.T("2023-04-01T09:00:00Z"), repeat.Since);
        Assert.Null(repeat.Until);
        Assert.All(h.Knowledge("M-1").Facts, f => Assert.True(f.Until is null || f.Until >= f.Since, $"{f.Code} ends before it begins"));
    }
}
