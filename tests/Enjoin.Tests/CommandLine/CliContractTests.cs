using System.Text.Json;

namespace Enjoin.Tests.CommandLine;

/// <summary>DESIGN §5.1 and §5.3: the commands, their exit codes and the keys of their JSON.</summary>
public sealed class CliContractTests : IDisposable
{
    readonly CliRun _cli = new();

    public void Dispose() => _cli.Dispose();

    void LoadHistory()
    {
        Assert.Equal(0, _cli.Run("merchants", "ingest", _cli.File("m.jsonl", CliRun.Merchants)).Exit);
        Assert.Equal(0, _cli.Run("listings", "ingest", _cli.File("l.jsonl", CliRun.Listings)).Exit);
        Assert.Equal(0, _cli.Run("orders", "import", _cli.File("tro.json", CliRun.Tro)).Exit);
    }

    [Fact]
    public void Ingest_summary_has_the_keys_of_the_contract()
    {
        var summary = _cli.Json("merchants", "ingest", _cli.File("m.jsonl", CliRun.Merchants));
        CliRun.HasKeys(summary, "read", "accepted", "rejected", "actions");
        Assert.Equal(3, summary.GetProperty("read").GetInt32());
        Assert.Equal(3, summary.GetProperty("accepted").GetInt32());
    }

    [Fact]
    public void Order_import_reports_each_defendant_and_the_actions_issued()
    {
        _cli.Run("merchants", "ingest", _cli.File("m.jsonl", CliRun.Merchants));
        _cli.Run("listings", "ingest", _cli.File("l.jsonl", CliRun.Listings));
        var result = _cli.Json("orders", "import", _cli.File("tro.json", CliRun.Tro));
        CliRun.HasKeys(result, "order", "defendants", "actions");
        var defendants = result.GetProperty("defendants").EnumerateArray().ToList();
        foreach (var d in defendants) CliRun.HasKeys(d, "no", "name", "merchants", "status");
        Assert.Equal("resolved", defendants[0].GetProperty("status").GetString());
        Assert.Equal("M-1001", defendants[0].GetProperty("merchants")[0].GetString());
        Assert.Equal("unresolved", defendants[1].GetProperty("status").GetString());
        // L-1 taken down and payouts held: two actions; the storefront clause is a review item, not an action.
        Assert.Equal(2, result.GetProperty("actions").GetInt32());
    }

    [Fact]
    public void Gate_decision_has_the_keys_and_reasons_of_the_contract()
    {
        LoadHistory();
        var decision = _cli.Json("gate", "check", "--surface", "promo_email", "--merchant", "M-1001", "--at", "2022-11-10T15:00:01Z");
        CliRun.HasKeys(decision, "allow", "surface", "merchant", "listing", "at", "reasons");
        Assert.False(decision.GetProperty("allow").GetBoolean());
        Assert.Equal("promo_email", decision.GetProperty("surface").GetString());
        var reason = decision.GetProperty("reasons")[0];
        CliRun.HasKeys(reason, "code", "basis", "since");
        Assert.Equal("enjoined_defendant", reason.GetProperty("code").GetString());
        Assert.Equal("kt-tro", reason.GetProperty("basis").GetProperty("order").GetString());
        Assert.Equal("1(a)", reason.GetProperty("basis").GetProperty("clause").GetString());
        Assert.Equal("2022-11-10T15:00:00Z", reason.GetProperty("since").GetString());
    }

    [Fact]
    public void Knowledge_lists_facts_with_their_intervals_and_filters_by_at()
    {
        LoadHistory();
        var all = _cli.Json("knowledge", "M-1001");
        CliRun.HasKeys(all, "merchant", "at", "facts");
        var facts = all.GetProperty("facts").EnumerateArray().ToList();
        foreach (var f in facts) CliRun.HasKeys(f, "code", "listing", "basis", "since", "until");
        Assert.Contains(facts, f => f.GetProperty("code").GetString() == "listing_noticed" && f.GetProperty("listing").GetString() == "L-1");

        var before = _cli.Json("knowledge", "M-1001", "--at", "2022-11-10T14:59:59Z");
        Assert.Empty(before.GetProperty("facts").EnumerateArray());
        Assert.Equal("2022-11-10T14:59:59Z", before.GetProperty("at").GetString());
    }

    [Fact]
    public void Actions_have_the_keys_of_the_contract_and_filter_by_status()
    {
        LoadHistory();
        var actions = _cli.Json("actions").EnumerateArray().ToList();
        Assert.NotEmpty(actions);
        foreach (var a in actions) CliRun.HasKeys(a, "id", "kind", "merchant", "listing", "status", "basis", "at", "confirmed_at");
        var takedown = actions.Single(a => a.GetProperty("kind").GetString() == "takedown_listing");
        Assert.Equal("L-1", takedown.GetProperty("listing").GetString());
        Assert.Equal("confirmed", takedown.GetProperty("status").GetString());
        Assert.Equal(JsonValueKind.Null, actions.Single(a => a.GetProperty("kind").GetString() == "hold_payouts").GetProperty("listing").ValueKind);
        Assert.Empty(_cli.Json("actions", "--status", "pending").EnumerateArray());
    }

    [Fact]
    public void Review_list_has_the_keys_of_the_contract()
    {
        LoadHistory();
        var items = _cli.Json("review", "list").EnumerateArray().ToList();
        foreach (var i in items) CliRun.HasKeys(i, "id", "kind", "status", "merchant", "listing", "order", "defendant", "evidence", "created");
        Assert.Contains(items, i => i.GetProperty("kind").GetString() == "unresolved_defendant" && i.GetProperty("defendant").GetInt32() == 2);
        Assert.Contains(items, i => i.GetProperty("kind").GetString() == "disable_storefront" && i.GetProperty("merchant").GetString() == "M-1001");
        Assert.Contains(items, i => i.GetProperty("kind").GetString() == "alias_candidate" && i.GetProperty("merchant").GetString() == "M-1003");
    }

    [Fact]
    public void Review_decide_without_a_reason_or_with_both_flags_is_bad_usage()
    {
        LoadHistory();
        Assert.Equal(2, _cli.Run("review", "decide", "1", "--accept").Exit);
        Assert.Equal(2, _cli.Run("review", "decide", "1", "--accept", "--reject", "--reason", "x").Exit);
        Assert.Equal(2, _cli.Run("review", "decide", "999", "--accept", "--reason", "x").Exit);
    }

    [Fact]
    public void Bad_usage_exits_2()
    {
        Assert.Equal(2, _cli.Run("no-such-command").Exit);
        Assert.Equal(2, _cli.Run("gate", "check", "--surface", "billboard", "--merchant", "M-1").Exit);
        Assert.Equal(2, _cli.Run("gate", "check", "--surface", "promo_email", "--merchant", "M-1", "--at", "yesterday").Exit);
        Assert.Equal(2, _cli.Run("merchants", "ingest", "/no/such/file.jsonl").Exit);
        Assert.Equal(2, _cli.Run("advance").Exit);
    }

    [Fact]
    public void Advance_never_moves_event_time_back()
    {
        LoadHistory();
        Assert.Equal(0, _cli.Run("advance", "--to", "2022-11-12T00:00:00Z").Exit);
        var (exit, _, err) = _cli.Run("advance", "--to", "2022-11-11T00:00:00Z");
        Assert.Equal(2, exit);
        Assert.Contains("never moves back", err);
    }

    [Fact]
    public void Audit_verify_passes_on_an_intact_ledger()
    {
        LoadHistory();
        var (exit, output, _) = _cli.Run("audit", "verify");
        Assert.Equal(0, exit);
        Assert.Contains("chain intact", output);
    }
}
