using System.Text.Json;
using Enjoin.Tests.CommandLine;

namespace Enjoin.Tests.Promotions;

/// <summary>DESIGN §5.1, §5.3: <c>promotions ingest</c> and <c>exposures</c>, their exit codes and JSON keys.</summary>
public sealed class PromotionCliTests : IDisposable
{
    readonly CliRun _cli = new();

    public void Dispose() => _cli.Dispose();

    const string Promotions = """
        {"id":"P-1","surface":"sponsored_search","merchant":"M-1001","listing":"L-2","at":"2022-11-10T14:59:59Z","audience":null}
        {"id":"P-2","surface":"promo_email","merchant":"M-1001","listing":"L-2","at":"2022-11-10T15:00:01Z","audience":"counsel@kellytoys.example"}
        {"id":"P-3","surface":"recommendation","merchant":"M-1002","at":"2022-11-11T00:00:00Z"}
        """;

    void LoadHistory()
    {
        Assert.Equal(0, _cli.Run("merchants", "ingest", _cli.File("m.jsonl", CliRun.Merchants)).Exit);
        Assert.Equal(0, _cli.Run("listings", "ingest", _cli.File("l.jsonl", CliRun.Listings)).Exit);
        Assert.Equal(0, _cli.Run("orders", "import", _cli.File("tro.json", CliRun.Tro)).Exit);
    }

    [Fact]
    public void Promotions_ingest_prints_the_ingest_summary_with_its_exposures()
    {
        LoadHistory();
        var summary = _cli.Json("promotions", "ingest", _cli.File("p.jsonl", Promotions));
        CliRun.HasKeys(summary, "read", "accepted", "rejected", "actions", "exposures");
        Assert.Equal(3, summary.GetProperty("accepted").GetInt32());
        var exposure = Assert.Single(summary.GetProperty("exposures").EnumerateArray().ToList());
        Assert.Equal(["promotion", "merchant", "listing", "surface", "at", "codes"], exposure.EnumerateObject().Select(p => p.Name));
        Assert.Equal("P-2", exposure.GetProperty("promotion").GetString());
        Assert.Equal("promo_email", exposure.GetProperty("surface").GetString());
        Assert.Equal("2022-11-10T15:00:01Z", exposure.GetProperty("at").GetString());
        Assert.Equal(["enjoined_defendant"], exposure.GetProperty("codes").EnumerateArray().Select(c => c.GetString()));
    }

    [Fact]
    public void Exposures_lists_the_same_keys_plus_the_reasons()
    {
        LoadHistory();
        _cli.Run("promotions", "ingest", _cli.File("p.jsonl", Promotions));
        foreach (var args in new[] { new[] { "exposures" }, ["exposures", "--merchant", "M-1001"], ["exposures", "--order", "kt-tro"] })
        {
            var list = _cli.Json(args);
            var exposure = Assert.Single(list.EnumerateArray().ToList());
            Assert.Equal(["promotion", "merchant", "listing", "surface", "at", "codes", "reasons"], exposure.EnumerateObject().Select(p => p.Name));
            var reason = exposure.GetProperty("reasons")[0];
            CliRun.HasKeys(reason, "code", "basis", "since");
            Assert.Equal("kt-tro", reason.GetProperty("basis").GetProperty("order").GetString());
            Assert.Equal("2022-11-10T15:00:00Z", reason.GetProperty("since").GetString());
        }
        Assert.Equal(JsonValueKind.Array, _cli.Json("exposures", "--merchant", "M-1002").ValueKind);
        Assert.Empty(_cli.Json("exposures", "--merchant", "M-1002").EnumerateArray());
        Assert.Equal(2, _cli.Run("exposures", "--order", "nope").Exit);
    }

    [Fact]
    public void An_unknown_merchant_exits_2_naming_file_line_and_field()
    {
        LoadHistory();
        var file = _cli.File("bad.jsonl", """
            {"id":"P-1","surface":"sponsored_search","merchant":"M-1001","at":"2022-11-11T00:00:00Z"}
            {"id":"P-2","surface":"sponsored_search","merchant":"M-404","at":"2022-11-11T00:00:00Z"}
            """);
        var (exit, _, err) = _cli.Run("promotions", "ingest", file);
        Assert.Equal(2, exit);
        Assert.Contains($"{file}:2: merchant: unknown merchant M-404", err, StringComparison.Ordinal);
    }
}
