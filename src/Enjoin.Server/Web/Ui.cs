using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using Enjoin.Common;
using Enjoin.Knowledge;
using Microsoft.AspNetCore.Html;

namespace Enjoin.Server.Web;

/// <summary>Small pieces of HTML the pages share. Everything a person or a marketplace typed is encoded here.</summary>
public static class Ui
{
    static readonly HtmlEncoder Html = HtmlEncoder.Default;

    static string E(string? text) => Html.Encode(text ?? "");

    /// <summary>
    /// A time as <c>&lt;time&gt;</c>: UTC in the text and the tooltip; the page's script rewrites the text into the
    /// viewer's time zone and keeps UTC on hover.
    /// </summary>
    public static IHtmlContent Time(DateTimeOffset? at)
    {
        if (at is not { } t) return new HtmlString("<span class=\"muted\">—</span>");
        var iso = EventTime.Format(t);
        var utc = t.UtcDateTime.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture);
        return new HtmlString($"<time datetime=\"{iso}\" title=\"{utc}\">{utc}</time>");
    }

    public static string Word<T>(T value) where T : struct, Enum => Words<T>.Of(value);

    public static string? Word<T>(T? value) where T : struct, Enum => value is { } v ? Words<T>.Of(v) : null;

    /// <summary>A status word as a badge whose class names its tone.</summary>
    public static IHtmlContent Badge(string word) => new HtmlString($"<span class=\"badge b-{E(word)}\">{E(word.Replace('_', ' '))}</span>");

    public static IHtmlContent Badge<T>(T value) where T : struct, Enum => Badge(Words<T>.Of(value));

    /// <summary>The original text with the matched span marked — the text itself encoded, the span shown literally.</summary>
    public static IHtmlContent Highlight(string text, int start, int length)
    {
        if (start < 0 || start > text.Length) return new HtmlString(E(text));
        var end = Math.Min(text.Length, start + Math.Max(0, length));
        return new HtmlString($"{E(text[..start])}<mark>{E(text[start..end])}</mark>{E(text[end..])}");
    }

    public static IHtmlContent MerchantLink(string? merchant) =>
        merchant is null ? new HtmlString("<span class=\"muted\">—</span>") : new HtmlString($"<a href=\"/merchants/{UrlEncoder.Default.Encode(merchant)}\">{E(merchant)}</a>");

    public static IHtmlContent OrderLink(string? order) =>
        order is null ? new HtmlString("<span class=\"muted\">—</span>") : new HtmlString($"<a href=\"/orders/{UrlEncoder.Default.Encode(order)}\">{E(order)}</a>");

    /// <summary>
    /// A 256-bit PDQ hash drawn as its 16×16 bits (the hash is all Enjoin keeps of an image); bits that differ from
    /// <paramref name="other"/> are outlined, so two near-duplicates can be compared side by side.
    /// </summary>
    public static IHtmlContent PdqGrid(string? hex, string? other, string label)
    {
        if (hex is not { Length: 64 }) return new HtmlString($"<span class=\"muted\">no hash</span>");
        var bits = Convert.FromHexString(hex);
        var others = other is { Length: 64 } ? Convert.FromHexString(other) : null;
        var svg = new StringBuilder($"<svg class=\"pdq\" viewBox=\"0 0 160 160\" role=\"img\" aria-label=\"{E(label)}\"><title>{E(label)}: {E(hex)}</title>");
        for (var i = 0; i < 256; i++)
        {
            var on = (bits[i / 8] >> (7 - i % 8) & 1) == 1;
            var differs = others is not null && (others[i / 8] >> (7 - i % 8) & 1) != (on ? 1 : 0);
            var (x, y) = (i % 16 * 10, i / 16 * 10);
            svg.Append(CultureInfo.InvariantCulture, $"<rect x=\"{x}\" y=\"{y}\" width=\"10\" height=\"10\" class=\"{(on ? "on" : "off")}{(differs ? " diff" : "")}\"/>");
        }
        return new HtmlString(svg.Append("</svg>").ToString());
    }

    /// <summary>
    /// The knowledge timeline (issue 7.3): one row per code (and listing, for listing facts), each fact an interval
    /// [since, until) drawn on a shared time axis; open facts run to <paramref name="now"/>. Drawn on the server.
    /// </summary>
    public static IHtmlContent Timeline(IReadOnlyList<KnowledgeView.Fact> facts, DateTimeOffset now, DateTimeOffset? marker)
    {
        if (facts.Count == 0) return new HtmlString("<p class=\"muted\">No knowledge about this merchant: the gate allows every surface.</p>");
        var rows = facts.GroupBy(f => f.Code == KnowledgeCode.ListingNoticed || f.Code == KnowledgeCode.ActiveDespiteNotice && f.Listing is not null
                ? $"{Words<KnowledgeCode>.Of(f.Code)} · {f.Listing}" : Words<KnowledgeCode>.Of(f.Code))
            .Select(g => (Label: g.Key, Code: g.First().Code, Facts: g.ToList())).ToList();
        const int shown = 24;
        var more = rows.Count - shown;
        if (more > 0) rows = rows.Take(shown).ToList();
        var start = new[] { facts.Min(f => f.Since), marker ?? DateTimeOffset.MaxValue }.Min();
        var end = new[] { now, marker ?? now, facts.Max(f => f.Until ?? now) }.Max();
        if (end <= start) end = start.AddDays(1);
        // A little room on the right, so a fact that opened a moment ago is still seen.
        end += (end - start) / 50;
        var span = (end - start).TotalSeconds;
        const double left = 230, width = 620, rowHeight = 22, top = 8;
        var height = top + rows.Count * rowHeight + 28;
        double X(DateTimeOffset t) => left + (t - start).TotalSeconds / span * width;
        var inv = CultureInfo.InvariantCulture;
        var svg = new StringBuilder();
        svg.Append(inv, $"<svg class=\"timeline\" viewBox=\"0 0 {left + width + 10} {height}\" role=\"img\" aria-labelledby=\"tl-title\"><title id=\"tl-title\">Knowledge intervals per code, {E(EventTime.Format(start))} to {E(EventTime.Format(end))}</title>");
        for (var r = 0; r < rows.Count; r++)
        {
            var y = top + r * rowHeight;
            svg.Append(inv, $"<text x=\"{left - 8}\" y=\"{y + 14}\" text-anchor=\"end\" class=\"label\">{E(rows[r].Label)}</text>");
            svg.Append(inv, $"<line x1=\"{left}\" x2=\"{left + width}\" y1=\"{y + 10}\" y2=\"{y + 10}\" class=\"track\"/>");
            foreach (var f in rows[r].Facts)
            {
                var x1 = X(f.Since);
                var x2 = Math.Max(x1 + 3, X(f.Until ?? now));
                var until = f.Until is { } u ? EventTime.Format(u) : "open";
                svg.Append(inv, $"<rect x=\"{x1:0.#}\" y=\"{y + 3}\" width=\"{x2 - x1:0.#}\" height=\"14\" rx=\"2\" class=\"fact c-{Words<KnowledgeCode>.Of(f.Code)}{(f.Until is null ? " open" : "")}\">" +
                               $"<title>{E(Words<KnowledgeCode>.Of(f.Code))} [{E(EventTime.Format(f.Since))}, {E(until)}) — {E(f.Basis.ToString())}</title></rect>");
            }
        }
        var axis = top + rows.Count * rowHeight + 4;
        svg.Append(inv, $"<line x1=\"{left}\" x2=\"{left + width}\" y1=\"{axis}\" y2=\"{axis}\" class=\"axis\"/>");
        for (var i = 0; i <= 4; i++)
        {
            var t = start + (end - start) * (i / 4.0);
            var x = left + width * i / 4.0;
            svg.Append(inv, $"<line x1=\"{x:0.#}\" x2=\"{x:0.#}\" y1=\"{axis}\" y2=\"{axis + 4}\" class=\"axis\"/><text x=\"{x:0.#}\" y=\"{axis + 16}\" text-anchor=\"{(i == 0 ? "start" : i == 4 ? "end" : "middle")}\" class=\"tick\">{t.UtcDateTime.ToString("yyyy-MM-dd", inv)}</text>");
        }
        if (marker is { } m)
        {
            var x = X(m);
            svg.Append(inv, $"<line x1=\"{x:0.#}\" x2=\"{x:0.#}\" y1=\"0\" y2=\"{axis}\" class=\"marker\"><title>asked at {E(EventTime.Format(m))}</title></line>");
        }
        svg.Append("</svg>");
        if (more > 0) svg.Append(inv, $"<p class=\"muted\">and {more} more rows (see the table below).</p>");
        return new HtmlString(svg.ToString());
    }
}
