using System.Diagnostics;
using System.Text.Json;
using Enjoin.Orders;
using Enjoin.Reports;
using Enjoin.Reports.Pdf;
using Enjoin.Tests.Support;

namespace Enjoin.Tests.Reports;

/// <summary>The report's JSON keys (DESIGN §5.5 exactly), its CSV, HTML and PDF, and <c>enjoin report</c>.</summary>
public sealed class ReportRenderingTests : IDisposable
{
    const string Script = "<script>alert('owned')</script> Store";
    const string Quoted = "Smith, \"Junior\" Store";
    readonly History h = History.Create();

    public void Dispose() => h.Dispose();

    /// <summary>Three defendants, one named with markup and one with a comma and quotes (names come from a court's Schedule A).</summary>
    ComplianceReport Case(int unresolved = 0)
    {
        h.Merchant("M-1", "Alpha Store").Merchant("M-2", "Evil Store")
         .Listing("L-1", "M-1", "SQUISHMALLOWS plush", "2022-12-05T00:00:00Z")
         .Listing("L-2", "M-2", "Squishmallows cat", "2022-12-05T00:00:00Z");
        var rows = new List<Def> { new(1, "Alpha Store", "M-1"), new(2, Script, "M-2"), new(3, Quoted, "M-404") };
        for (var i = 0; i < unresolved; i++) rows.Add(new Def(10 + i, $"Unfound Shop {10 + i}", $"M-X{i}"));
        h.Order(OrderJson.Tro("kt-tro", "2022-12-10T15:00:00Z", [.. rows], "cease_infringement", "restrain_assets"))
         .Listing("L-3", "M-1", "Squishmallows again", "2022-12-20T00:00:00Z");
        return h.Engine.Report("kt-tro", History.T("2023-01-01T00:00:00Z"))!;
    }

    static string[] Keys(JsonElement e) => [.. e.EnumerateObject().Select(p => p.Name)];

    [Fact]
    public void The_json_has_exactly_the_keys_of_the_design_then_the_record()
    {
        using var json = JsonDocument.Parse(ReportJson.Render(Case()));
        var root = json.RootElement;
        Assert.Equal(["order", "as_of", "totals", "defendants", "record"], Keys(root));
        Assert.Equal(["id", "case", "kind", "served", "clauses"], Keys(root.GetProperty("order")));
        Assert.Equal(["ref", "kind", "status", "since"], Keys(root.GetProperty("order").GetProperty("clauses")[0]));
        Assert.Equal(["defendants", "resolved", "unresolved", "listings_taken_down", "takedown_seconds_p50", "takedown_seconds_p95", "relists_detected",
            "relists_taken_down", "payout_holds", "exposures", "overdue"], Keys(root.GetProperty("totals")));
        Assert.Equal(["no", "name", "merchants", "status", "listings_taken_down", "relists_detected", "relists_taken_down", "payouts_held", "strikes",
            "exposures", "knowledge"], Keys(root.GetProperty("defendants")[0]));
        Assert.Equal("temporary_restraining_order", root.GetProperty("order").GetProperty("kind").GetString());
        Assert.Equal("2023-01-01T00:00:00Z", root.GetProperty("as_of").GetString());
        Assert.Equal(3, root.GetProperty("totals").GetProperty("listings_taken_down").GetInt32()); // L-1 and L-3 of Alpha, L-2 of no. 2
        Assert.Equal("unresolved", root.GetProperty("defendants")[2].GetProperty("status").GetString());
        Assert.Equal(JsonValueKind.Object, root.GetProperty("defendants")[0].GetProperty("exposures").ValueKind);
    }

    [Fact]
    public void The_csv_has_a_header_and_one_row_per_defendant_quoted_as_rfc_4180()
    {
        var report = Case();
        var csv = ReportCsv.Render(report);
        var rows = Csv.Rows(csv).Select(r => r.Fields).ToList();

        Assert.Equal(report.Defendants.Count + 1, rows.Count);
        Assert.Equal(["no", "name", "merchants", "status", "listings_taken_down", "relists_detected", "relists_taken_down", "payouts_held", "strikes",
            "exposures_sponsored_search", "exposures_offsite_ad", "exposures_promo_email", "exposures_recommendation", "exposures_premium_status", "knowledge"], rows[0]);
        Assert.All(rows, r => Assert.Equal(rows[0].Count, r.Count));
        Assert.Equal(["1", "Alpha Store", "M-1", "resolved", "2", "1", "1", "true", "1", "0", "0", "0", "0", "0"], rows[1].Take(14));
        Assert.Equal(Quoted, rows[3][1]);
        Assert.Contains("\"Smith, \"\"Junior\"\" Store\"", csv);
        Assert.Equal(["enjoined_defendant", "listing_noticed", "relisted_after_order"], rows[1][14].Split(';').Order(StringComparer.Ordinal));
        Assert.EndsWith("\r\n", csv);
    }

    [Fact]
    public void The_html_is_one_self_contained_page_that_encodes_every_value()
    {
        var report = Case();
        var html = ReportHtml.Render(report);

        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("&lt;script&gt;alert(&#39;owned&#39;)&lt;/script&gt; Store", html);
        Assert.DoesNotContain("<link", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(" src=", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("@import", html, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(2, html.Split("<svg").Length - 1); // the timeline and the latency histogram
        Assert.Contains("22-CV-9384 (JMF)", html);
        Assert.Contains("S.D.N.Y.", html);
        Assert.Contains("Kelly Toys Holdings, LLC", html);
        Assert.Contains(report.Record.Ledger.HeadHash, html);
        Assert.Contains("takedown_sla", html);
        Assert.Contains("disable_storefront", ReportHtml.Render(report with
        {
            Order = report.Order with { Clauses = [.. report.Order.Clauses, new ReportClause("1(c)", ClauseKind.DisableStorefront, ClauseStatus.Struck, report.AsOf)] },
        }));
    }

    /// <summary>The text of a PDF as poppler's <c>pdftotext</c> extracts it; a missing pdftotext fails the test, it does not pass it.</summary>
    static string PdfText(byte[] pdf)
    {
        var tool = new[] { "/usr/bin/pdftotext", "/usr/local/bin/pdftotext" }.FirstOrDefault(File.Exists);
        Assert.True(tool is not null, "pdftotext is required to check the PDF report (Debian: apt-get install poppler-utils; test.sh installs it)");
        var file = Path.Combine(Path.GetTempPath(), $"enjoin-report-{Guid.NewGuid():N}.pdf");
        File.WriteAllBytes(file, pdf);
        try
        {
            using var process = Process.Start(new ProcessStartInfo(tool!, [file, "-"]) { RedirectStandardOutput = true, RedirectStandardError = true })!;
            var text = process.StandardOutput.ReadToEnd();
            var error = process.StandardError.ReadToEnd();
            Assert.True(process.WaitForExit(60_000), "pdftotext did not finish");
            Assert.True(process.ExitCode == 0, $"pdftotext failed ({process.ExitCode}): {error}");
            return text;
        }
        finally { File.Delete(file); }
    }

    [Fact]
    public void The_pdf_text_carries_the_case_every_defendant_and_the_head_hash()
    {
        var report = Case();
        var pdf = ReportPdf.Render(report);
        Assert.Equal("%PDF-"u8.ToArray(), pdf[..5]);

        var text = PdfText(pdf);
        Assert.Contains("22-CV-9384 (JMF)", text);
        foreach (var d in report.Defendants) Assert.Contains(d.Name!, text);
        Assert.Contains(report.Record.Ledger.HeadHash, text);
        Assert.Contains("Policy in force", text);
        Assert.Contains("takedown_sla", text);
    }

    [Fact]
    public void A_long_defendant_table_runs_onto_further_pages_and_loses_no_one()
    {
        var report = Case(unresolved: 120);
        var text = PdfText(ReportPdf.Render(report));

        Assert.True(text.Count(c => c == '\f') >= 3, "123 defendants do not fit on two pages");
        foreach (var d in report.Defendants) Assert.Contains(d.Name!, text);
        Assert.Contains(report.Record.Ledger.HeadHash, text);
    }

    [Fact]
    public void The_report_command_writes_each_format_and_refuses_what_it_cannot_do()
    {
        Case();
        var (exit, stdout, _) = h.Cli("report", "kt-tro", "--json", "--at", "2023-01-01T00:00:00Z");
        Assert.Equal(0, exit);
        using (var json = JsonDocument.Parse(stdout)) Assert.Equal("2023-01-01T00:00:00Z", json.RootElement.GetProperty("as_of").GetString());

        var csv = h.Cli("report", "kt-tro", "--format", "csv");
        Assert.Equal(0, csv.Exit);
        Assert.Equal(4, Csv.Rows(csv.Out).Count());

        var pdf = h.File("report.pdf", "");
        var written = h.Cli("report", "kt-tro", "--format", "pdf", "--out", pdf);
        Assert.Equal(0, written.Exit);
        Assert.Equal("%PDF-"u8.ToArray(), File.ReadAllBytes(pdf)[..5]);

        var noOut = h.Cli("report", "kt-tro", "--format", "pdf");
        Assert.Equal(2, noOut.Exit);
        Assert.Contains("--out", noOut.Err);

        var unknown = h.Cli("report", "zz-none");
        Assert.Equal(2, unknown.Exit);
        Assert.Contains("no order zz-none", unknown.Err);

        var badFormat = h.Cli("report", "kt-tro", "--format", "xml");
        Assert.Equal(2, badFormat.Exit);
        Assert.Contains("--format", badFormat.Err);

        var badTime = h.Cli("report", "kt-tro", "--at", "yesterday");
        Assert.Equal(2, badTime.Exit);
        Assert.Contains("--at", badTime.Err);
    }
}
