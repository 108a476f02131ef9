using System.Text.Json;
using Enjoin.Actions;
using Enjoin.StatementsOfReasons;
using Enjoin.Tests.Support;

namespace Enjoin.Tests.StatementsOfReasons;

/// <summary>
/// <c>enjoin sor export</c>: a time window of statements, as JSON Lines of bulk request bodies of at most 100,
/// validated before anything is written, the same every time it is asked.
/// </summary>
public sealed class StatementExportTests
{
    const string Served = "2022-12-28T15:00:00Z";
    static readonly Def[] Defendants = [.. Enumerable.Range(1, 60).Select(i => new Def(i, $"Store {i}", $"M-{i}"))];

    /// <summary>60 defendants with two counterfeit listings each: 120 takedowns and 60 holds at service, then notices.</summary>
    static History Marketplace()
    {
        var h = History.Create();
        for (var i = 1; i <= 60; i++)
            h.Merchant($"M-{i}", $"Store {i}")
                .Listing($"L-{i}-a", $"M-{i}", "Squishmallows plush 8in", "2022-12-20T00:00:00Z")
                .Listing($"L-{i}-b", $"M-{i}", "Squishmallow bundle", "2022-12-21T00:00:00Z");
        h.Merchant("M-100", "Other store")
            .Listing("L-100", "M-100", "Plush frog", "2022-12-22T00:00:00Z")
            .Listing("L-101", "M-100", "Plush bear", "2022-12-22T00:00:00Z");
        h.Order(OrderJson.Tro("kt-tro", Served, Defendants, "cease_infringement", "restrain_assets"));
        h.Notice("N-1", "2023-01-05T09:00:00Z", ["L-100"]).Notice("N-2", "2023-02-05T09:00:00Z", ["L-101"]);
        return h;
    }

    [Fact]
    public void Every_statement_of_a_realistic_history_passes_and_batches_hold_at_most_100()
    {
        using var h = Marketplace();
        var export = StatementMappingTests.Export(h);

        Assert.Equal(182, export.Statements.Count);
        Assert.Equal([100, 82], export.Batches.Select(b => b.Count));
        var lines = export.Lines().ToList();
        Assert.Equal(2, lines.Count);
        foreach (var line in lines)
        {
            using var body = JsonDocument.Parse(line);
            var statements = Assert.Single(body.RootElement.EnumerateObject());
            Assert.Equal("statements", statements.Name);
            Assert.InRange(statements.Value.GetArrayLength(), 1, 100);
        }
        Assert.Equal(export.Statements.Count, export.Statements.Select(s => s.Puid).Distinct().Count());
    }

    [Fact]
    public void The_window_is_half_open_on_when_each_restriction_applied()
    {
        using var h = Marketplace();

        Assert.Equal(180, StatementMappingTests.Export(h, to: "2023-01-05T09:00:00Z").Statements.Count);
        var january = StatementMappingTests.Export(h, from: "2023-01-05T09:00:00Z", to: "2023-02-01T00:00:00Z");
        Assert.Equal("2023-01-05", (string?)Assert.Single(january.Statements).Fields["application_date"]);
        Assert.Empty(StatementMappingTests.Export(h, from: "2023-03-01T00:00:00Z").Statements);
        // Consecutive windows split the statements without loss or overlap.
        var all = StatementMappingTests.Export(h).Statements.Select(s => s.Puid).ToList();
        var split = new[] { (null, "2023-01-05T09:00:00Z"), ("2023-01-05T09:00:00Z", "2023-02-05T09:00:00Z"), ("2023-02-05T09:00:00Z", (string?)null) }
            .SelectMany(w => StatementMappingTests.Export(h, w.Item1, w.Item2).Statements.Select(s => s.Puid)).ToList();
        Assert.Equal(all, split);
    }

    [Fact]
    public void Re_export_gives_identical_output()
    {
        using var h = Marketplace();
        var first = h.Cli("sor", "export", "--out", h.File("a.jsonl", ""));
        var second = h.Cli("sor", "export", "--out", h.File("b.jsonl", ""));

        Assert.Equal(0, first.Exit);
        Assert.Equal(0, second.Exit);
        var a = File.ReadAllText(Path.Combine(Path.GetDirectoryName(h.DbPath)!, "a.jsonl"));
        Assert.Equal(a, File.ReadAllText(Path.Combine(Path.GetDirectoryName(h.DbPath)!, "b.jsonl")));
        Assert.Equal(StatementMappingTests.Export(h).Text(), a);
        // And the same history built again gives the same statements.
        using var again = Marketplace();
        Assert.Equal(a, StatementMappingTests.Export(again).Text());
    }

    [Fact]
    public void Cli_reports_the_export_and_refuses_bad_times_naming_the_option()
    {
        using var h = Marketplace();
        var path = Path.Combine(Path.GetDirectoryName(h.DbPath)!, "sor.jsonl");

        var ok = h.Cli("sor", "export", "--from", "2022-12-01T00:00:00Z", "--to", "2023-02-01T00:00:00Z", "--out", path, "--json");
        Assert.Equal(0, ok.Exit);
        using (var summary = JsonDocument.Parse(ok.Out))
        {
            Assert.Equal(181, summary.RootElement.GetProperty("statements").GetInt32());
            Assert.Equal(2, summary.RootElement.GetProperty("batches").GetInt32());
            Assert.Equal(121, summary.RootElement.GetProperty("kinds").GetProperty("takedown_listing").GetInt32());
            Assert.Equal(60, summary.RootElement.GetProperty("kinds").GetProperty("hold_payouts").GetInt32());
        }
        Assert.Equal(2, File.ReadAllLines(path).Length);

        var badFrom = h.Cli("sor", "export", "--from", "yesterday", "--out", path);
        Assert.Equal(2, badFrom.Exit);
        Assert.Contains("--from", badFrom.Err);
        var badTo = h.Cli("sor", "export", "--to", "2023-13-01", "--out", path);
        Assert.Equal(2, badTo.Exit);
        Assert.Contains("--to", badTo.Err);
        var reversed = h.Cli("sor", "export", "--from", "2023-02-01T00:00:00Z", "--to", "2023-01-01T00:00:00Z", "--out", path);
        Assert.Equal(2, reversed.Exit);
        Assert.Contains("--to", reversed.Err);
    }

    [Fact]
    public void A_statement_the_api_would_refuse_writes_nothing_and_names_statement_and_field()
    {
        // Restrictions of 2019 cannot be submitted: the API takes application dates from 2020 on.
        using var h = History.Create()
            .Merchant("M-1", "19885566 Store")
            .Listing("L-1", "M-1", "Squishmallows plush 8in", "2019-06-01T00:00:00Z")
            .Order(OrderJson.Tro("kt-tro", "2019-06-10T15:00:00Z", [new Def(1, "19885566 Store", "M-1")], "cease_infringement"));
        var path = Path.Combine(Path.GetDirectoryName(h.DbPath)!, "sor.jsonl");

        var run = h.Cli("sor", "export", "--out", path);

        Assert.Equal(1, run.Exit);
        Assert.Contains("statement 1 (puid enjoin-takedown_listing-1): application_date", run.Err);
        Assert.False(File.Exists(path));
    }

    [Fact]
    public void Nothing_to_state_is_an_empty_file()
    {
        using var h = History.Create().Merchant("M-1", "Honest Toys");
        var path = Path.Combine(Path.GetDirectoryName(h.DbPath)!, "sor.jsonl");

        Assert.Equal(0, h.Cli("sor", "export", "--out", path).Exit);
        Assert.Equal("", File.ReadAllText(path));
    }
}

/// <summary>The demo database (DESIGN §5.7), exported whole: every statement passes the API's rules.</summary>
[Collection(Enjoin.Tests.Demo.DemoDatabaseCollection.Name)]
public sealed class DemoStatementsTests(Enjoin.Tests.Demo.DemoDatabase demo)
{
    [Fact]
    public void Every_statement_of_the_demo_passes_the_validator()
    {
        var h = demo.History;
        var export = h.Engine.ExportStatementsOfReasons();

        Assert.Empty(export.Problems);
        var confirmed = h.Actions(ActionStatus.Confirmed).Count(a => StatementSources.Restrictions.Contains(a.Kind));
        Assert.Equal(confirmed, export.Statements.Count);
        Assert.All(export.Batches, b => Assert.InRange(b.Count, 1, 100));
        var sources = export.Statements.Select(s => (string)s.Fields["source_type"]!).ToHashSet();
        Assert.Contains("SOURCE_ARTICLE_16", sources);
        Assert.Contains("SOURCE_TRUSTED_FLAGGER", sources);
        Assert.Contains("SOURCE_TYPE_OTHER_NOTIFICATION", sources);
        Assert.Contains("SOURCE_VOLUNTARY", sources);
        Assert.Contains(export.Statements, s => ((string)s.Fields["decision_facts"]!).Contains("near-duplicate", StringComparison.Ordinal));
        Assert.Equal(export.Text(), h.Engine.ExportStatementsOfReasons().Text());
    }
}
