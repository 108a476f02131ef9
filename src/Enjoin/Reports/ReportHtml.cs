using System.Globalization;
using System.Net;
using System.Text;
using Enjoin.Common;
using Enjoin.Gate;
using Enjoin.Knowledge;
using Enjoin.Orders;

namespace Enjoin.Reports;

/// <summary>
/// The report as one self-contained HTML page (no external fonts, scripts or styles; charts are inline SVG), fit to
/// file with a motion. Every value from the record is HTML-encoded: defendant names come from a court's Schedule A
/// and merchants' own store names, so they are text, never markup.
/// </summary>
public static class ReportHtml
{
    static string H(string? text) => WebUtility.HtmlEncode(text ?? "");
    static string T(DateTimeOffset? at) => at is { } t ? EventTime.Format(t) : "";
    static string N(double value) => value.ToString("0.##", CultureInfo.InvariantCulture);
    static string S(double? seconds) => seconds is { } s ? s < 120 ? $"{N(s)} s" : $"{N(s)} s ({ReportCharts.Duration(s)})" : "none confirmed";

    public static string Render(ComplianceReport report)
    {
        var o = report.Order;
        var r = report.Record;
        var t = report.Totals;
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">");
        html.Append(CultureInfo.InvariantCulture, $"<title>Compliance report {H(o.Case ?? o.Id)} as of {H(T(report.AsOf))}</title>");
        html.Append("""
            <style>
            body{font-family:system-ui,sans-serif;margin:2em;color:#111;max-width:1100px}
            h1{font-size:1.4em;margin-bottom:.2em} h2{font-size:1.1em;margin-top:1.6em;border-bottom:1px solid #ccc}
            table{border-collapse:collapse;font-size:.85em;margin:.4em 0} th,td{border:1px solid #ccc;padding:2px 6px;text-align:left;vertical-align:top}
            th{background:#f2f2f2} td.n{text-align:right} .caption td{border:none;padding:1px 8px 1px 0}
            code,pre{font-family:ui-monospace,monospace;font-size:.85em} pre{background:#f7f7f7;padding:.6em;overflow:auto}
            </style></head><body>
            """);

        html.Append(CultureInfo.InvariantCulture, $"<h1>Compliance report: {H(o.Case)}</h1>");
        html.Append("<table class=\"caption\">");
        Caption(html, "Case", o.Case);
        Caption(html, "Court", r.Court);
        Caption(html, "Plaintiff", r.Plaintiff);
        Caption(html, "Order", $"{o.Id} ({Words<OrderKind>.Of(o.Kind)})");
        Caption(html, "Served", T(o.Served));
        if (r.Chain.Count > 1) Caption(html, "Includes", $"what was done under {string.Join(", ", r.Chain.Skip(1))}, which it supersedes");
        Caption(html, "Marks", string.Join(", ", r.Marks));
        Caption(html, "As of", T(report.AsOf));
        html.Append("</table>");

        html.Append("<h2>Totals</h2><table><tr><th>defendants</th><th>resolved</th><th>unresolved</th><th>listings taken down</th><th>takedown p50</th><th>takedown p95</th><th>relists detected</th><th>relists taken down</th><th>payout holds</th><th>exposures</th><th>overdue</th></tr><tr>");
        foreach (var value in new[] { $"{t.Defendants}", $"{t.Resolved}", $"{t.Unresolved}", $"{t.ListingsTakenDown}", S(t.TakedownSecondsP50), S(t.TakedownSecondsP95),
                     $"{t.RelistsDetected}", $"{t.RelistsTakenDown}", $"{t.PayoutHolds}", $"{t.Exposures}", $"{t.Overdue}" })
            html.Append(CultureInfo.InvariantCulture, $"<td class=\"n\">{H(value)}</td>");
        html.Append("</tr></table>");

        html.Append("<h2>Clauses</h2><table><tr><th>ref</th><th>kind</th><th>status</th><th>since</th></tr>");
        foreach (var c in o.Clauses)
            html.Append(CultureInfo.InvariantCulture, $"<tr><td>{H(c.Ref)}</td><td>{H(Words<ClauseKind>.Of(c.Kind))}</td><td>{H(Words<ClauseStatus>.Of(c.Status))}</td><td>{H(T(c.Since))}</td></tr>");
        html.Append("</table>");

        html.Append("<h2>Defendants</h2><table><tr><th>no</th><th>name</th><th>merchants</th><th>status</th><th>taken down</th><th>relists detected</th><th>relists taken down</th><th>payouts held</th><th>strikes</th><th>exposures</th><th>knowledge</th></tr>");
        foreach (var d in report.Defendants)
        {
            var exposures = string.Join(", ", d.Exposures.Select(e => $"{e.Key}: {e.Value}"));
            var knowledge = ReportCharts.Codes(d.Knowledge);
            html.Append(CultureInfo.InvariantCulture, $"<tr><td class=\"n\">{d.No}</td><td>{H(d.Name)}</td><td>{H(string.Join(", ", d.Merchants))}</td><td>{H(Words<ReportDefendantStatus>.Of(d.Status))}</td>");
            html.Append(CultureInfo.InvariantCulture, $"<td class=\"n\">{d.ListingsTakenDown}</td><td class=\"n\">{d.RelistsDetected}</td><td class=\"n\">{d.RelistsTakenDown}</td><td>{(d.PayoutsHeld ? "yes" : "no")}</td><td class=\"n\">{d.Strikes}</td><td>{H(exposures)}</td><td>{H(knowledge)}</td></tr>");
        }
        html.Append("</table>");

        html.Append("<h2>Timeline of knowledge and actions</h2>");
        Timeline(html, report);
        html.Append("<h2>Takedown latency</h2>");
        Histogram(html, r.TakedownLatencies);

        html.Append("<h2>Exposures</h2>");
        if (r.Exposures.Count == 0) html.Append("<p>No promotion of a defendant came after knowledge.</p>");
        else
        {
            html.Append("<table><tr><th>defendant</th><th>promotion</th><th>surface</th><th>merchant</th><th>listing</th><th>at</th><th>knowledge</th></tr>");
            foreach (var e in r.Exposures)
                html.Append(CultureInfo.InvariantCulture, $"<tr><td class=\"n\">{e.Defendant}</td><td>{H(e.Promotion)}</td><td>{H(Words<Surface>.Of(e.Surface))}</td><td>{H(e.Merchant)}</td><td>{H(e.Listing)}</td><td>{H(T(e.At))}</td><td>{H(string.Join(", ", e.Codes.Select(Words<KnowledgeCode>.Of)))}</td></tr>");
            html.Append("</table>");
        }

        html.Append("<h2>Promotions suppressed</h2>");
        if (r.PromotionsSuppressed.Count == 0) html.Append("<p>The gate was not asked to promote a defendant, or allowed every request.</p>");
        else
        {
            html.Append("<table><tr><th>defendant</th><th>merchant</th><th>surface</th><th>day</th><th>denials</th></tr>");
            foreach (var s in r.PromotionsSuppressed)
                html.Append(CultureInfo.InvariantCulture, $"<tr><td class=\"n\">{s.Defendant}</td><td>{H(s.Merchant)}</td><td>{H(Words<Surface>.Of(s.Surface))}</td><td>{s.Day:yyyy-MM-dd}</td><td class=\"n\">{s.Count}</td></tr>");
            html.Append("</table>");
        }

        html.Append("<h2>Policy in force</h2>");
        html.Append(CultureInfo.InvariantCulture, $"<p>{(r.Policy.Seq is { } seq ? $"Recorded at ledger seq {seq} ({H(T(r.Policy.At))})." : "No policy was recorded in the ledger yet; the engine's own.")}</p>");
        html.Append(CultureInfo.InvariantCulture, $"<pre>{H(r.Policy.Terms.ToJsonString(Json.Indented))}</pre>");

        html.Append("<h2>Ledger</h2>");
        html.Append(CultureInfo.InvariantCulture, $"<p>Drawn from ledger sequence {r.Ledger.FromSeq}–{r.Ledger.ToSeq}; head hash at seq {r.Ledger.ToSeq}: <code>{H(r.Ledger.HeadHash)}</code>. Event time reached: {H(T(r.Clock))}. <code>enjoin audit verify</code> re-derives the chain.</p>");
        html.Append("</body></html>\n");
        return html.ToString();
    }

    static void Caption(StringBuilder html, string label, string? value) =>
        html.Append(CultureInfo.InvariantCulture, $"<tr><td><b>{H(label)}</b></td><td>{H(value)}</td></tr>");

    static readonly (TimelineKind Kind, string Color, string Label)[] Marks =
    [
        (TimelineKind.KnowledgeOpened, "#1f6feb", "knowledge opened"), (TimelineKind.KnowledgeClosed, "#8aa8d8", "knowledge closed"),
        (TimelineKind.ActionIssued, "#d97706", "action issued"), (TimelineKind.ActionConfirmed, "#15803d", "action confirmed"),
    ];

    static void Timeline(StringBuilder html, ComplianceReport report)
    {
        const int Left = 200, Width = 880, Row = 16, Top = 24;
        var (from, to) = ReportCharts.TimeSpanOf(report);
        var rows = report.Defendants;
        var height = Top + rows.Count * Row + 40;
        html.Append(CultureInfo.InvariantCulture, $"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{Width}\" height=\"{height}\" role=\"img\" aria-label=\"timeline of knowledge and actions\" font-size=\"10\">");
        var x0 = Left;
        var span = Width - Left - 10;
        double X(DateTimeOffset at) => x0 + span * ReportCharts.Position(at, from, to);
        var served = X(report.Order.Served);
        html.Append(CultureInfo.InvariantCulture, $"<line x1=\"{N(served)}\" y1=\"{Top - 8}\" x2=\"{N(served)}\" y2=\"{Top + rows.Count * Row}\" stroke=\"#b91c1c\" stroke-dasharray=\"3,2\"/><text x=\"{N(served)}\" y=\"{Top - 12}\" fill=\"#b91c1c\">served</text>");
        var index = new Dictionary<int, int>();
        for (var i = 0; i < rows.Count; i++)
        {
            index[rows[i].No] = i;
            var y = Top + i * Row + Row / 2;
            html.Append(CultureInfo.InvariantCulture, $"<text x=\"4\" y=\"{y + 3}\">{H(Truncate($"{rows[i].No} {rows[i].Name}", 34))}</text><line x1=\"{x0}\" y1=\"{y}\" x2=\"{x0 + span}\" y2=\"{y}\" stroke=\"#eee\"/>");
        }
        foreach (var e in report.Record.Timeline)
        {
            if (!index.TryGetValue(e.Defendant, out var i)) continue;
            var y = Top + i * Row + Row / 2;
            var color = Marks.First(m => m.Kind == e.Event).Color;
            var title = $"{T(e.At)} {e.What} {e.Merchant}{(e.Listing is null ? "" : $" / {e.Listing}")}";
            html.Append(e.Event is TimelineKind.KnowledgeOpened or TimelineKind.KnowledgeClosed
                ? string.Create(CultureInfo.InvariantCulture, $"<circle cx=\"{N(X(e.At))}\" cy=\"{y}\" r=\"3.5\" fill=\"{color}\"><title>{H(title)}</title></circle>")
                : string.Create(CultureInfo.InvariantCulture, $"<rect x=\"{N(X(e.At) - 3)}\" y=\"{y - 3}\" width=\"6\" height=\"6\" fill=\"{color}\"><title>{H(title)}</title></rect>"));
        }
        var axis = Top + rows.Count * Row + 14;
        html.Append(CultureInfo.InvariantCulture, $"<text x=\"{x0}\" y=\"{axis}\">{H(T(from))}</text><text x=\"{x0 + span}\" y=\"{axis}\" text-anchor=\"end\">{H(T(to))}</text>");
        for (var m = 0; m < Marks.Length; m++)
            html.Append(CultureInfo.InvariantCulture, $"<rect x=\"{x0 + m * 150}\" y=\"{axis + 10}\" width=\"8\" height=\"8\" fill=\"{Marks[m].Color}\"/><text x=\"{x0 + m * 150 + 12}\" y=\"{axis + 18}\">{Marks[m].Label}</text>");
        html.Append("</svg>");
    }

    static void Histogram(StringBuilder html, IReadOnlyList<TakedownLatency> latencies)
    {
        var bins = ReportCharts.Histogram(latencies);
        if (bins.Count == 0)
        {
            html.Append("<p>No takedown under the order was confirmed yet.</p>");
            return;
        }
        const int Width = 640, Height = 220, Left = 40, Bottom = 40;
        var max = Math.Max(1, bins.Max(b => b.Count));
        var barWidth = (Width - Left - 10) / (double)bins.Count;
        html.Append(CultureInfo.InvariantCulture, $"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{Width}\" height=\"{Height}\" role=\"img\" aria-label=\"histogram of takedown latency\" font-size=\"10\">");
        html.Append(CultureInfo.InvariantCulture, $"<line x1=\"{Left}\" y1=\"{Height - Bottom}\" x2=\"{Width - 10}\" y2=\"{Height - Bottom}\" stroke=\"#333\"/>");
        for (var i = 0; i < bins.Count; i++)
        {
            var h = (Height - Bottom - 20) * bins[i].Count / (double)max;
            var x = Left + i * barWidth;
            html.Append(CultureInfo.InvariantCulture, $"<rect x=\"{N(x + 1)}\" y=\"{N(Height - Bottom - h)}\" width=\"{N(barWidth - 2)}\" height=\"{N(h)}\" fill=\"#1f6feb\"><title>{H($"{ReportCharts.Duration(bins[i].From)}–{ReportCharts.Duration(bins[i].To)}: {bins[i].Count}")}</title></rect>");
            if (bins[i].Count > 0) html.Append(CultureInfo.InvariantCulture, $"<text x=\"{N(x + barWidth / 2)}\" y=\"{N(Height - Bottom - h - 3)}\" text-anchor=\"middle\">{bins[i].Count}</text>");
            if (i % 2 == 0) html.Append(CultureInfo.InvariantCulture, $"<text x=\"{N(x)}\" y=\"{Height - Bottom + 14}\">{H(ReportCharts.Duration(bins[i].From))}</text>");
        }
        html.Append(CultureInfo.InvariantCulture, $"<text x=\"{Width - 10}\" y=\"{Height - Bottom + 14}\" text-anchor=\"end\">{H(ReportCharts.Duration(bins[^1].To))}</text>");
        html.Append(CultureInfo.InvariantCulture, $"<text x=\"{Left}\" y=\"{Height - 6}\">seconds from knowledge to confirmed takedown ({latencies.Count} takedowns)</text>");
        html.Append("</svg>");
    }

    static string Truncate(string text, int max) => text.Length <= max ? text : text[..(max - 1)] + "…";
}
