using System.Text.Json;
using Enjoin.Engine;
using Enjoin.Tests.Support;

namespace Enjoin.Tests.Notices;

/// <summary>
/// The repeat-infringer policy must be published and "reasonably implemented" (§512(i), BMG v. Cox):
/// the policy in force is recorded in the ledger when first used and again whenever it changes — not
/// when it is unchanged.
/// </summary>
public sealed class PolicyInForceTests
{
    /// <summary>The event's own data inside the ledger payload.</summary>
    static JsonElement Data(Ledger.LedgerEntry entry) => JsonDocument.Parse(entry.Payload).RootElement.GetProperty("data").Clone();

    static TimeSpan Duration(JsonElement recorded, string key)
    {
        Assert.True(Policy.TryParseDuration(recorded.GetProperty(key).GetString()!, out var duration));
        return duration;
    }

    static IReadOnlyList<Ledger.LedgerEntry> Policies(History h) => h.Ledger().Where(e => e.Kind == "policy_in_force").ToList();

    [Fact]
    public void Policy_in_force_is_recorded_when_first_used_and_again_only_when_it_changes()
    {
        using var h = History.Create().Merchant("M-1", "19885566 Store", at: "2023-01-01T00:00:00Z");

        var first = Assert.Single(Policies(h));
        Assert.Equal(1, first.Seq);
        var recorded = Data(first);
        Assert.Equal(3, recorded.GetProperty("strike_threshold").GetInt32());
        Assert.Equal(TimeSpan.FromDays(365), Duration(recorded, "strike_window"));
        Assert.Equal("terminate", recorded.GetProperty("repeat_infringer_action").GetString());
        Assert.Equal(TimeSpan.FromHours(24), Duration(recorded, "takedown_sla"));
        Assert.Equal(10, recorded.GetProperty("counter_notice_wait").GetInt32());
        Assert.Equal("mirror", recorded.GetProperty("action_adapter").GetString());

        // Unchanged (an equal policy, a new engine): nothing more.
        h.Listing("L-1", "M-1", "Plush toy", "2023-01-02T00:00:00Z")
         .UsePolicy(Policy.Default with { })
         .Listing("L-2", "M-1", "Plush toy", "2023-01-03T00:00:00Z")
         .Advance("2023-01-04T00:00:00Z");
        Assert.Single(Policies(h));

        // Changed: recorded before the first event under it, at that event's time.
        h.UsePolicy(Policy.Default with { StrikeThreshold = 2 }).Advance("2023-01-05T00:00:00Z");
        var policies = Policies(h);
        Assert.Equal(2, policies.Count);
        Assert.Equal(History.T("2023-01-05T00:00:00Z"), policies[1].At);
        Assert.Equal(2, Data(policies[1]).GetProperty("strike_threshold").GetInt32());
        Assert.Equal("clock_advanced", h.Ledger().Single(e => e.Seq == policies[1].Seq + 1).Kind);

        h.UsePolicy(Policy.Default with { StrikeThreshold = 2 }).Advance("2023-01-06T00:00:00Z");
        Assert.Equal(2, Policies(h).Count);

        // Back to the defaults is a change too.
        h.UsePolicy(Policy.Default).Advance("2023-01-07T00:00:00Z");
        Assert.Equal(3, Policies(h).Count);
    }

    [Fact]
    public void Policy_file_given_with_policy_is_recorded_when_it_differs()
    {
        using var h = History.Create().Merchant("M-1", "19885566 Store", at: "2023-01-01T00:00:00Z");
        var same = h.File("same.json", """{"strike_threshold": 3, "strike_window": "365d", "takedown_sla": "24h"}""");
        var changed = h.File("changed.json", """
            {"strike_window": "30d", "strike_threshold": 2, "repeat_infringer_action": "suspend", "takedown_sla": "12h",
             "counter_notice_wait": 14, "holidays": ["2023-07-04"], "action_adapter": "outbox"}
            """);

        Assert.Equal(0, h.Cli("advance", "--to", "2023-01-02T00:00:00Z", "--policy", same).Exit);
        Assert.Single(Policies(h));

        Assert.Equal(0, h.Cli("advance", "--to", "2023-01-03T00:00:00Z", "--policy", changed).Exit);
        Assert.Equal(0, h.Cli("advance", "--to", "2023-01-04T00:00:00Z", "--policy", changed).Exit);

        var policies = Policies(h);
        Assert.Equal(2, policies.Count);
        var recorded = Data(policies[1]);
        Assert.Equal(TimeSpan.FromDays(30), Duration(recorded, "strike_window"));
        Assert.Equal(2, recorded.GetProperty("strike_threshold").GetInt32());
        Assert.Equal("suspend", recorded.GetProperty("repeat_infringer_action").GetString());
        Assert.Equal(TimeSpan.FromHours(12), Duration(recorded, "takedown_sla"));
        Assert.Equal(14, recorded.GetProperty("counter_notice_wait").GetInt32());
        Assert.Equal(["2023-07-04"], recorded.GetProperty("holidays").EnumerateArray().Select(d => d.GetString()!).ToArray());
        Assert.Equal("outbox", recorded.GetProperty("action_adapter").GetString());
    }

    [Fact]
    public void Policy_file_with_an_unknown_key_is_refused()
    {
        using var h = History.Create().Merchant("M-1", "19885566 Store", at: "2023-01-01T00:00:00Z");
        var typo = h.File("typo.json", """{"strike_treshold": 1}""");
        var length = h.LedgerLength;

        var (exit, _, stderr) = h.Cli("advance", "--to", "2023-01-02T00:00:00Z", "--policy", typo);

        Assert.Equal(2, exit);
        Assert.Contains("strike_treshold", stderr, StringComparison.Ordinal);
        Assert.Equal(length, h.LedgerLength);
    }
}
