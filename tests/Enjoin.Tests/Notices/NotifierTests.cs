using System.Text.Json;
using Enjoin.Actions;
using Enjoin.Engine;
using Enjoin.Tests.Support;

namespace Enjoin.Tests.Notices;

/// <summary>
/// DESIGN §4.2.5 (DSA Art. 22): trusted flaggers' notices are processed first; and (DSA Art. 23(2))
/// each notifier's accuracy is counted, and one below the policy threshold is warned once and loses priority.
/// </summary>
public sealed class NotifierTests
{
    const string Trusted = "flagger@trusted.example";
    const string Holder = "legal@kellytoys.example";

    static History Marketplace(Policy? policy = null) => History.Create(policy)
        .Merchant("M-1", "19885566 Store")
        .Merchant("M-2", "Happy Toy World")
        .Listing("L-1", "M-1", "Plush toy 8in", "2023-01-10T00:00:00Z")
        .Listing("L-2", "M-1", "Plush toy 12in", "2023-01-10T00:00:00Z")
        .Listing("L-3", "M-2", "Plush frog", "2023-01-10T00:00:00Z")
        .Listing("L-4", "M-2", "Plush cat", "2023-01-10T00:00:00Z");

    static string Submission() => NoticeJson.Array(
        NoticeJson.Of("N-RH", "2023-03-01T09:00:00Z", ["L-1"], Holder),
        NoticeJson.Of("N-TF", "2023-03-01T09:00:00Z", ["L-3"], Trusted, "trusted_flagger"));

    static long ArrivalOf(History h, string notice) => Assert.Single(h.Ledger(), e => e.Kind == "notice_received" && e.Subject == notice).Seq;

    static long TakedownOf(History h, string listing) => Assert.Single(h.Actions(), a => a.Kind == ActionKind.TakedownListing && a.Listing == listing).Id;

    [Fact]
    public void Trusted_flagger_notices_are_processed_first_within_one_submission()
    {
        using var h = Marketplace();

        var submission = h.SubmitNotices(Submission());

        Assert.Empty(submission.Errors);
        Assert.True(ArrivalOf(h, "N-TF") < ArrivalOf(h, "N-RH"));
        Assert.True(TakedownOf(h, "L-3") < TakedownOf(h, "L-1"));
        var takedowns = h.Ledger().Where(e => e.Kind == "action_issued").ToList();
        Assert.Contains("L-3", takedowns[0].Payload, StringComparison.Ordinal);
        Assert.Contains("L-1", takedowns[1].Payload, StringComparison.Ordinal);
    }

    [Fact]
    public void Without_a_trusted_flagger_notices_are_processed_in_the_order_given()
    {
        using var h = Marketplace();

        h.SubmitNotices(NoticeJson.Array(
            NoticeJson.Of("N-RH", "2023-03-01T09:00:00Z", ["L-1"], Holder),
            NoticeJson.Of("N-AG", "2023-03-01T09:00:00Z", ["L-3"], Trusted, "agent")));

        Assert.True(ArrivalOf(h, "N-RH") < ArrivalOf(h, "N-AG"));
        Assert.True(TakedownOf(h, "L-1") < TakedownOf(h, "L-3"));
    }

    [Fact]
    public void Warned_trusted_flagger_loses_priority()
    {
        // Two notices naming only listings that do not exist: 0 % accepted after the minimum of two notices.
        using var h = Marketplace(Policy.Default with { NotifierMinNotices = 2 })
            .Notice("N-TF1", "2023-02-01T09:00:00Z", ["L-404"], Trusted, "trusted_flagger")
            .Notice("N-TF2", "2023-02-02T09:00:00Z", ["L-405"], Trusted, "trusted_flagger");
        Assert.NotNull(Assert.Single(h.Notifiers(), n => n.Email == Trusted).WarnedAt);

        h.SubmitNotices(Submission());

        Assert.True(ArrivalOf(h, "N-RH") < ArrivalOf(h, "N-TF"));
        Assert.True(TakedownOf(h, "L-1") < TakedownOf(h, "L-3"));
    }

    [Fact]
    public void Notifier_accuracy_counts_notices_listings_counter_notices_and_restorations()
    {
        using var h = Marketplace(Policy.Default with { NotifierMinNotices = 100 })
            .Notice("N-1", "2023-06-01T09:00:00Z", ["L-1", "L-404"])
            .Notice("N-2", "2023-06-02T09:00:00Z", ["L-2", "L-3"])
            .Notice("N-3", "2023-06-02T10:00:00Z", ["L-4"], Trusted, "trusted_flagger")
            .CounterNotice("CN-1", "2023-06-05T09:00:00Z", "N-2", "L-2", "M-1")
            .CounterNotice("CN-2", "2023-06-05T09:00:00Z", "N-2", "L-3", "M-2")
            .SuitFiled("S-1", "N-2", "2023-06-06T09:00:00Z")
            .CounterNotice("CN-3", "2023-06-07T09:00:00Z", "N-1", "L-1", "M-1")
            .Advance("2023-07-01T00:00:00Z");

        var (exit, stdout, stderr) = h.Cli("notifiers", "--json");

        Assert.True(exit == 0, stderr);
        var notifiers = JsonDocument.Parse(stdout).RootElement.EnumerateArray().ToDictionary(n => n.GetProperty("notifier").GetString()!);
        var holder = notifiers[Holder];
        Assert.Equal(2, holder.GetProperty("notices").GetInt64());
        Assert.Equal(3, holder.GetProperty("listings_accepted").GetInt64());
        Assert.Equal(1, holder.GetProperty("listings_rejected").GetInt64());
        Assert.Equal(3, holder.GetProperty("counter_noticed").GetInt64());
        // CN-1 and CN-2 ended in suit; only CN-3 restored.
        Assert.Equal(1, holder.GetProperty("restored").GetInt64());
        Assert.Equal(JsonValueKind.Null, holder.GetProperty("warned_at").ValueKind);
        var flagger = notifiers[Trusted];
        Assert.Equal(1, flagger.GetProperty("notices").GetInt64());
        Assert.Equal(1, flagger.GetProperty("listings_accepted").GetInt64());
        Assert.Equal(0, flagger.GetProperty("counter_noticed").GetInt64());
        Assert.True(flagger.GetProperty("priority").GetBoolean());
    }

    [Fact]
    public void Notifier_below_the_accepted_rate_after_the_minimum_notices_is_warned_once()
    {
        using var h = Marketplace(Policy.Default with { NotifierMinNotices = 3, NotifierMinAcceptedRate = 0.9 })
            .Notice("N-1", "2023-06-01T09:00:00Z", ["L-1", "L-404"])
            .Notice("N-2", "2023-06-02T09:00:00Z", ["L-2"]);

        // 2 of 3 listings accepted, but only two notices so far: not judged yet.
        Assert.DoesNotContain(h.Ledger(), e => e.Kind == "notifier_warned");

        h.Notice("N-3", "2023-06-03T09:00:00Z", ["L-405", "L-406"])
         .Notice("N-4", "2023-06-04T09:00:00Z", ["L-407"]);

        var warned = Assert.Single(h.Ledger(), e => e.Kind == "notifier_warned");
        Assert.Equal(History.T("2023-06-03T09:00:00Z"), warned.At);
        Assert.Equal(Holder, warned.Subject);
        var (exit, stdout, _) = h.Cli("notifiers", "--json");
        Assert.Equal(0, exit);
        var record = Assert.Single(JsonDocument.Parse(stdout).RootElement.EnumerateArray());
        Assert.Equal(4, record.GetProperty("notices").GetInt64());
        Assert.Equal(2, record.GetProperty("listings_accepted").GetInt64());
        Assert.Equal(4, record.GetProperty("listings_rejected").GetInt64());
        Assert.Equal(History.T("2023-06-03T09:00:00Z"), History.T(record.GetProperty("warned_at").GetString()!));
        Assert.False(string.IsNullOrEmpty(record.GetProperty("warning").GetString()));
    }

    [Fact]
    public void Notifier_above_the_accepted_rate_is_not_warned()
    {
        using var h = Marketplace(Policy.Default with { NotifierMinNotices = 2 })
            .Notice("N-1", "2023-06-01T09:00:00Z", ["L-1"])
            .Notice("N-2", "2023-06-02T09:00:00Z", ["L-2"])
            .Notice("N-3", "2023-06-03T09:00:00Z", ["L-3"]);

        Assert.DoesNotContain(h.Ledger(), e => e.Kind == "notifier_warned");
        Assert.Null(Assert.Single(h.Notifiers()).WarnedAt);
    }

    [Fact]
    public void Notifier_whose_takedowns_are_restored_too_often_is_warned_at_the_restoration()
    {
        using var h = Marketplace(Policy.Default with { NotifierMinNotices = 1, NotifierMaxRestoredRate = 0.05 })
            .Notice("N-1", "2023-06-01T09:00:00Z", ["L-1"])
            .CounterNotice("CN-1", "2023-06-05T09:00:00Z", "N-1", "L-1", "M-1")
            .Advance("2023-06-19T08:59:59Z");
        Assert.DoesNotContain(h.Ledger(), e => e.Kind == "notifier_warned");

        h.Advance("2023-06-19T09:00:00Z");

        var warned = Assert.Single(h.Ledger(), e => e.Kind == "notifier_warned");
        Assert.Equal(History.T("2023-06-19T09:00:00Z"), warned.At);
    }
}
