using System.Globalization;
using System.Text;
using Enjoin.Common;
using Enjoin.Gate;
using Enjoin.Knowledge;

namespace Enjoin.Reports;

/// <summary>
/// The report as CSV (RFC 4180): a header row, then one row per defendant. Lists are joined with <c>;</c>
/// (merchants, knowledge codes), exposures are one column per surface, lines end with CRLF.
/// </summary>
public static class ReportCsv
{
    public static IReadOnlyList<string> Header { get; } =
    [
        "no", "name", "merchants", "status", "listings_taken_down", "relists_detected", "relists_taken_down", "payouts_held", "strikes",
        .. Enum.GetValues<Surface>().Select(s => $"exposures_{Words<Surface>.Of(s)}"), "knowledge",
    ];

    public static string Render(ComplianceReport report)
    {
        var csv = new StringBuilder();
        Row(csv, Header);
        foreach (var d in report.Defendants)
        {
            Row(csv,
            [
                Number(d.No), d.Name ?? "", string.Join(';', d.Merchants), Words<ReportDefendantStatus>.Of(d.Status), Number(d.ListingsTakenDown),
                Number(d.RelistsDetected), Number(d.RelistsTakenDown), d.PayoutsHeld ? "true" : "false", Number(d.Strikes),
                .. Enum.GetValues<Surface>().Select(s => Number(d.Exposures.GetValueOrDefault(Words<Surface>.Of(s)))),
                string.Join(';', d.Knowledge.Select(k => Words<KnowledgeCode>.Of(k.Code)).Distinct()),
            ]);
        }
        return csv.ToString();
    }

    static string Number(int n) => n.ToString(CultureInfo.InvariantCulture);

    static void Row(StringBuilder csv, IReadOnlyList<string> fields)
    {
        for (var i = 0; i < fields.Count; i++)
        {
            if (i > 0) csv.Append(',');
            csv.Append(Field(fields[i]));
        }
        csv.Append("\r\n");
    }

    /// <summary>RFC 4180 §2.6–2.7: a field with a comma, quote or line break is quoted, its quotes doubled.</summary>
    public static string Field(string value) =>
        value.AsSpan().IndexOfAny(",\"\r\n") < 0 ? value : $"\"{value.Replace("\"", "\"\"", StringComparison.Ordinal)}\"";
}
