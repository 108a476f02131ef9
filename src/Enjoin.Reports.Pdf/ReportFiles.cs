using System.Text;

namespace Enjoin.Reports.Pdf;

/// <summary>A rendered report: its bytes, the media type to serve it as, and the file extension to save it with.</summary>
public sealed record ReportFile(byte[] Bytes, string ContentType, string Extension);

/// <summary>One place that turns a report into any of its formats (DESIGN §5.1 <c>--format</c>, §5.6 <c>?format=</c>).</summary>
public static class ReportFiles
{
    static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);

    public static ReportFile Render(ComplianceReport report, ReportFormat format) => format switch
    {
        ReportFormat.Json => new(Utf8.GetBytes(ReportJson.Render(report) + "\n"), "application/json; charset=utf-8", "json"),
        ReportFormat.Csv => new(Utf8.GetBytes(ReportCsv.Render(report)), "text/csv; charset=utf-8; header=present", "csv"),
        ReportFormat.Html => new(Utf8.GetBytes(ReportHtml.Render(report)), "text/html; charset=utf-8", "html"),
        ReportFormat.Pdf => new(ReportPdf.Render(report), "application/pdf", "pdf"),
        _ => throw new ArgumentOutOfRangeException(nameof(format), format, null),
    };
}
