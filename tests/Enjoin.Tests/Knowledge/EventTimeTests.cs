using System.Text.Json;
using Enjoin.Engine;
using Enjoin.Knowledge;
using Enjoin.Tests.Support;

namespace Enjoin.Tests.Knowledge;

/// <summary>
/// DESIGN §4.6: the engine works in event time — knowledge asked after later events still answers as of
/// an earlier time, and advance fires every deadline (takedown SLA, counter-notice wait, strike expiry)
/// in due order.
/// </summary>
public sealed class EventTimeTests
{
    static History Marketplace(Policy? policy = null)
    {
        var h = History.Create(policy).Merchant("M-1", "19885566 Store").Merchant("M-2", "Happy Toy World");
        for (var i = 1; i <= 4; i++) h.Listing($"L-{i}", "M-1", $"Plush toy no. {i}", "2023-01-10T00:00:00Z");
        return h;
    }

    [Fact]
    public void Knowledge_asked_after_later_events_still_answers_as_of_an_earlier_time()
    {
        // Three strikes (terminated, repeat infringer); then the third is restored on counter-notice;
        // then the first expires; then the merchant is reinstated.
        using var h = Marketplace()
            .Notice("N-1", "2023-02-01T09:00:00Z", ["L-1"])
            .Notice("N-2", "2023-03-01T09:00:00Z", ["L-2"])
            .Notice("N-3", "2023-06-22T09:00:00Z", ["L-3"])
            .CounterNotice("CN-3", "2023-06-26T09:00:00Z", "N-3", "L-3", "M-1")
            .Advance("2024-03-01T00:00:00Z")
            .Reinstate("M-1", "appeal upheld", "2024-03-02T00:00:00Z");

        // As of 1 July 2023: all three codes open, with the noticed listings.
        var then = h.Knowledge("M-1", "2023-07-01T00:00:00Z");
        Assert.Equal(History.T("2023-07-01T00:00:00Z"), then.At);
        Assert.Contains(then.Facts, f => f.Code == KnowledgeCode.RepeatInfringer && f.Basis.Strikes!.Count == 3);
        Assert.Contains(then.Facts, f => f.Code == KnowledgeCode.Terminated);
        Assert.Equal(["L-1", "L-2", "L-3"], then.Facts.Where(f => f.Code == KnowledgeCode.ListingNoticed).Select(f => f.Listing!).Order().ToArray());
        Assert.True(h.Denies("M-1", "2023-07-01T00:00:00Z"));
        Assert.True(h.Denies("M-1", "2023-07-01T00:00:00Z", "L-3"));

        // As of 1 August 2023: L-3 restored, repeat infringer closed; terminated still open.
        var later = h.Knowledge("M-1", "2023-08-01T00:00:00Z");
        Assert.DoesNotContain(later.Facts, f => f.Code == KnowledgeCode.RepeatInfringer);
        Assert.Contains(later.Facts, f => f.Code == KnowledgeCode.Terminated);
        Assert.DoesNotContain(later.Facts, f => f.Listing == "L-3");
        Assert.DoesNotContain(h.Gate("M-1", "2023-08-01T00:00:00Z", "L-3").Reasons, r => r.Code == KnowledgeCode.ListingNoticed);

        // Before anything: nothing.
        Assert.Empty(h.Knowledge("M-1", "2023-01-31T00:00:00Z").Facts);
        Assert.True(h.Allows("M-1", "2023-01-31T00:00:00Z", "L-1"));

        // Now: reinstated, L-1 and L-2 still noticed.
        var now = h.Knowledge("M-1", "2024-03-02T00:00:01Z");
        Assert.Equal(["L-1", "L-2"], now.Facts.Select(f => f.Listing!).Order().ToArray());
        Assert.All(now.Facts, f => Assert.Equal(KnowledgeCode.ListingNoticed, f.Code));

        // The same through the command line.
        var (exit, stdout, stderr) = h.Cli("knowledge", "M-1", "--at", "2023-07-01T00:00:00Z", "--json");
        Assert.True(exit == 0, stderr);
        var codes = JsonDocument.Parse(stdout).RootElement.GetProperty("facts").EnumerateArray().Select(f => f.GetProperty("code").GetString()).ToList();
        Assert.Contains("repeat_infringer", codes);
        Assert.Contains("terminated", codes);
    }

    [Fact]
    public void Advance_fires_every_deadline_in_due_order()
    {
        // Outbox: takedowns wait for confirmation. Threshold 2, window 30 days.
        using var h = Marketplace(Policy.Default with
            {
                ActionAdapter = ActionAdapter.Outbox, StrikeThreshold = 2, StrikeWindow = TimeSpan.FromDays(30),
            })
            .Notice("N-1", "2023-06-05T09:00:00Z", ["L-1"])
            .Notice("N-2", "2023-06-05T10:00:00Z", ["L-2"])
            .Notice("N-3", "2023-06-05T11:00:00Z", ["L-3"])
            .CounterNotice("CN-3", "2023-06-05T12:00:00Z", "N-3", "L-3", "M-1");
        var before = h.LedgerLength;
        Assert.Single(h.Facts("M-1", KnowledgeCode.RepeatInfringer));

        h.Advance("2023-08-01T00:00:00Z");

        var fired = h.Ledger().Where(e => e.Seq > before).ToList();
        (string Kind, string At, string Text)[] expected =
        [
            ("knowledge_opened", "2023-06-06T09:00:00Z", "L-1"),       // SLA of N-1's takedown
            ("knowledge_opened", "2023-06-06T10:00:00Z", "L-2"),       // SLA of N-2's takedown
            ("knowledge_opened", "2023-06-06T11:00:00Z", "L-3"),       // SLA of N-3's takedown
            ("counter_notice_wait_ended", "2023-06-19T12:00:00Z", "CN-3"), // ten business days
            ("strike_withdrawn", "2023-06-19T12:00:00Z", "N-3"),
            ("knowledge_closed", "2023-07-05T09:00:00Z", "repeat_infringer"), // N-1's strike expires: one left
            ("clock_advanced", "2023-08-01T00:00:00Z", ""),
        ];
        var interesting = fired.Where(e => e.Kind is "knowledge_opened" or "counter_notice_wait_ended" or "strike_withdrawn" or "clock_advanced"
            || (e.Kind == "knowledge_closed" && e.Payload.Contains("repeat_infringer", StringComparison.Ordinal))).ToList();
        Assert.Equal(expected.Length, interesting.Count);
        for (var i = 0; i < expected.Length; i++)
        {
            Assert.Equal(expected[i].Kind, interesting[i].Kind);
            Assert.Equal(History.T(expected[i].At), interesting[i].At);
            Assert.Contains(expected[i].Text, interesting[i].Payload, StringComparison.Ordinal);
        }
        // Event time never runs backwards through the ledger.
        Assert.True(fired.Zip(fired.Skip(1)).All(p => p.First.At <= p.Second.At));
        Assert.Equal(History.T("2023-07-05T09:00:00Z"), Assert.Single(h.Facts("M-1", KnowledgeCode.RepeatInfringer)).Until);
    }

    [Fact]
    public void Advance_never_moves_event_time_back()
    {
        using var h = Marketplace().Advance("2023-06-01T00:00:00Z");
        var length = h.LedgerLength;

        Assert.Throws<Enjoin.Common.InputRejectedException>(() => h.Advance("2023-05-01T00:00:00Z"));
        Assert.Equal(length, h.LedgerLength);
    }
}
