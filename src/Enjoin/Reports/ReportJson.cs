using System.Text.Json;
using Enjoin.Common;

namespace Enjoin.Reports;

/// <summary>The report as JSON: the keys of DESIGN §5.5 (snake_case, enum words, UTC times), then <c>record</c>.</summary>
public static class ReportJson
{
    public static string Render(ComplianceReport report) => JsonSerializer.Serialize(report, Json.Indented);
}
