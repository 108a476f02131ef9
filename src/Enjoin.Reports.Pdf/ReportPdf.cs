using System.Globalization;
using Enjoin.Common;
using Enjoin.Gate;
using Enjoin.Knowledge;
using Enjoin.Orders;
using PdfSharp.Drawing;
using PdfSharp.Pdf;

namespace Enjoin.Reports.Pdf;

/// <summary>
/// The report as PDF (A4), with the content of the HTML page: caption, totals, clauses, the defendant table (continued
/// on as many pages as it needs, its header repeated), a drawn timeline and latency histogram, exposures, promotions
/// suppressed, the policy in force, and the ledger range with its head hash. Text is real text in an embedded font.
/// </summary>
public static class ReportPdf
{
    public static byte[] Render(ComplianceReport report)
    {
        SystemFontResolver.Install();
        using var document = new PdfDocument();
        var o = report.Order;
        document.Info.Title = $"Compliance report {o.Case ?? o.Id} as of {EventTime.Format(report.AsOf)}";
        document.Info.Creator = "Enjoin";
        var w = new Writer(document, $"Compliance report {o.Case ?? o.Id} ({o.Id}) as of {EventTime.Format(report.AsOf)}");
        var r = report.Record;
        var t = report.Totals;

        w.Title($"Compliance report: {o.Case}");
        w.Pairs([
            ("Case", o.Case), ("Court", r.Court), ("Plaintiff", r.Plaintiff), ("Order", $"{o.Id} ({Words<OrderKind>.Of(o.Kind)})"),
            ("Served", EventTime.Format(o.Served)), ("Marks", string.Join(", ", r.Marks)), ("As of", EventTime.Format(report.AsOf)),
        ]);
        if (r.Chain.Count > 1) w.Line($"Includes what was done under {string.Join(", ", r.Chain.Skip(1))}, which it supersedes.");

        w.Heading("Totals");
        w.Table([("defendants", 1), ("resolved", 1), ("unresolved", 1), ("taken down", 1), ("p50", 1.3), ("p95", 1.3), ("relists", 1), ("relists down", 1),
            ("payout holds", 1), ("exposures", 1), ("overdue", 1)],
            [[$"{t.Defendants}", $"{t.Resolved}", $"{t.Unresolved}", $"{t.ListingsTakenDown}", Seconds(t.TakedownSecondsP50), Seconds(t.TakedownSecondsP95),
              $"{t.RelistsDetected}", $"{t.RelistsTakenDown}", $"{t.PayoutHolds}", $"{t.Exposures}", $"{t.Overdue}"]]);

        w.Heading("Clauses");
        w.Table([("ref", 1), ("kind", 3), ("status", 2), ("since", 3)],
            [.. o.Clauses.Select(c => new[] { c.Ref, Words<ClauseKind>.Of(c.Kind), Words<ClauseStatus>.Of(c.Status), Time(c.Since) })]);

        w.Heading("Defendants");
        w.Table([("no", 0.5), ("name", 3.0), ("merchants", 1.7), ("status", 1.4), ("down", 0.8), ("relists", 1), ("relists down", 1), ("held", 0.7),
            ("strikes", 1), ("exposures", 2.4), ("knowledge", 2.8)],
            [.. report.Defendants.Select(d => new[]
            {
                $"{d.No}", d.Name ?? "", string.Join(", ", d.Merchants), Words<ReportDefendantStatus>.Of(d.Status), $"{d.ListingsTakenDown}",
                $"{d.RelistsDetected}", $"{d.RelistsTakenDown}", d.PayoutsHeld ? "yes" : "no", $"{d.Strikes}",
                string.Join(", ", d.Exposures.Select(e => $"{e.Key}: {e.Value}")),
                ReportCharts.Codes(d.Knowledge),
            })]);

        w.Heading("Timeline of knowledge and actions", keepWith: 40);
        Timeline(w, report);
        w.Heading("Takedown latency", keepWith: r.TakedownLatencies.Count > 0 ? 175 : 12);
        Histogram(w, r.TakedownLatencies);

        w.Heading("Exposures");
        if (r.Exposures.Count == 0) w.Line("No promotion of a defendant came after knowledge.");
        else
            w.Table([("no", 0.6), ("promotion", 1.3), ("surface", 2), ("merchant", 1.2), ("listing", 1.3), ("at", 2.4), ("knowledge", 2.8)],
                [.. r.Exposures.Select(e => new[] { $"{e.Defendant}", e.Promotion, Words<Surface>.Of(e.Surface), e.Merchant, e.Listing ?? "", EventTime.Format(e.At),
                    string.Join(", ", e.Codes.Select(Words<KnowledgeCode>.Of)) })]);

        w.Heading("Promotions suppressed");
        if (r.PromotionsSuppressed.Count == 0) w.Line("The gate was not asked to promote a defendant, or allowed every request.");
        else
            w.Table([("no", 1), ("merchant", 2), ("surface", 2), ("day", 1.5), ("denials", 1)],
                [.. r.PromotionsSuppressed.Select(s => new[] { $"{s.Defendant}", s.Merchant, Words<Surface>.Of(s.Surface), s.Day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), $"{s.Count}" })]);

        w.Heading("Policy in force");
        w.Line(r.Policy.Seq is { } seq ? $"Recorded at ledger seq {seq} ({Time(r.Policy.At)})." : "No policy was recorded in the ledger yet; the engine's own.");
        foreach (var (key, value) in r.Policy.Terms) w.Line($"{key}: {value?.ToJsonString()}", mono: true);

        w.Heading("Ledger");
        w.Line($"Drawn from ledger sequence {r.Ledger.FromSeq}–{r.Ledger.ToSeq}. Event time reached: {Time(r.Clock)}.");
        w.Line($"Head hash at seq {r.Ledger.ToSeq}:");
        w.Line(r.Ledger.HeadHash, mono: true);
        w.Line("enjoin audit verify re-derives the chain.");
        w.Close();

        using var stream = new MemoryStream();
        document.Save(stream, closeStream: false);
        return stream.ToArray();
    }

    static string Time(DateTimeOffset? at) => at is { } t ? EventTime.Format(t) : "";

    static string Seconds(double? s) => s is { } v ? ReportCharts.Duration(v) : "none";

    static readonly (TimelineKind Kind, XColor Color, string Label)[] Marks =
    [
        (TimelineKind.KnowledgeOpened, XColor.FromArgb(0x1f, 0x6f, 0xeb), "knowledge opened"),
        (TimelineKind.KnowledgeClosed, XColor.FromArgb(0x8a, 0xa8, 0xd8), "knowledge closed"),
        (TimelineKind.ActionIssued, XColor.FromArgb(0xd9, 0x77, 0x06), "action issued"),
        (TimelineKind.ActionConfirmed, XColor.FromArgb(0x15, 0x80, 0x3d), "action confirmed"),
    ];

    static void Timeline(Writer w, ComplianceReport report)
    {
        const double Label = 150, Row = 10;
        var (from, to) = ReportCharts.TimeSpanOf(report);
        var x0 = Writer.Margin + Label;
        var span = w.Width - Label;
        double X(DateTimeOffset at) => x0 + span * ReportCharts.Position(at, from, to);
        var events = report.Record.Timeline.ToLookup(e => e.Defendant);

        w.Need(Row * 3);
        w.Text(EventTime.Format(from), x0, w.Y, w.Small);
        w.TextRight(EventTime.Format(to), x0 + span, w.Y, w.Small);
        w.Y += Row;
        var legend = x0;
        foreach (var (_, color, label) in Marks)
        {
            w.Graphics.DrawRectangle(new XSolidBrush(color), legend, w.Y - 6, 6, 6);
            w.Text(label, legend + 9, w.Y, w.Small);
            legend += 100;
        }
        w.Y += Row;
        foreach (var d in report.Defendants)
        {
            if (w.Need(Row)) w.Y += 2;
            var y = w.Y - 3;
            w.Text(Writer.Fit(w, $"{d.No} {d.Name}", w.Small, Label - 6), Writer.Margin, w.Y, w.Small);
            w.Graphics.DrawLine(new XPen(XColors.LightGray, 0.3), x0, y, x0 + span, y);
            var served = X(report.Order.Served);
            w.Graphics.DrawLine(new XPen(XColor.FromArgb(0xb9, 0x1c, 0x1c), 0.5), served, y - Row / 2, served, y + Row / 2);
            foreach (var e in events[d.No])
            {
                var brush = new XSolidBrush(Marks.First(m => m.Kind == e.Event).Color);
                if (e.Event is TimelineKind.KnowledgeOpened or TimelineKind.KnowledgeClosed) w.Graphics.DrawEllipse(brush, X(e.At) - 2.5, y - 2.5, 5, 5);
                else w.Graphics.DrawRectangle(brush, X(e.At) - 2.5, y - 2.5, 5, 5);
            }
            w.Y += Row;
        }
        w.Line("The red tick on each row is the order's service.");
    }

    static void Histogram(Writer w, IReadOnlyList<TakedownLatency> latencies)
    {
        var bins = ReportCharts.Histogram(latencies);
        if (bins.Count == 0)
        {
            w.Line("No takedown under the order was confirmed yet.");
            return;
        }
        const double Height = 140;
        w.Need(Height + 30);
        var max = Math.Max(1, bins.Max(b => b.Count));
        var left = Writer.Margin + 10;
        var width = Math.Min(w.Width - 10, 420);
        var bar = width / bins.Count;
        var baseY = w.Y + Height;
        w.Graphics.DrawLine(XPens.Black, left, baseY, left + width, baseY);
        var brush = new XSolidBrush(XColor.FromArgb(0x1f, 0x6f, 0xeb));
        for (var i = 0; i < bins.Count; i++)
        {
            var h = (Height - 12) * bins[i].Count / max;
            var x = left + i * bar;
            if (h > 0) w.Graphics.DrawRectangle(brush, x + 1, baseY - h, bar - 2, h);
            if (bins[i].Count > 0) w.TextCentered($"{bins[i].Count}", x + bar / 2, baseY - h - 2, w.Small);
            if (i % 2 == 0) w.Text(ReportCharts.Duration(bins[i].From), x, baseY + 9, w.Small);
        }
        w.TextRight(ReportCharts.Duration(bins[^1].To), left + width, baseY + 9, w.Small);
        w.Y = baseY + 22;
        w.Line($"Time from knowledge to confirmed takedown, {latencies.Count} takedowns.");
    }

    /// <summary>A cursor down A4 pages: starts a new page (with its footer) when the next thing would not fit.</summary>
    sealed class Writer
    {
        public const double Margin = 36;
        readonly PdfDocument _document;
        readonly string _footer;
        XGraphics? _graphics;
        int _pages;

        public readonly XFont Body = Font(8, bold: false), Bold = Font(8, bold: true), Small = Font(6.5, bold: false),
            Header = Font(7, bold: true), HeadingFont = Font(11, bold: true), Big = Font(15, bold: true),
            Mono = new(SystemFontResolver.MonoFamily, 7.5, XFontStyleEx.Regular, new XPdfFontOptions(PdfFontEncoding.Unicode));

        static XFont Font(double size, bool bold) =>
            new(SystemFontResolver.Family, size, bold ? XFontStyleEx.Bold : XFontStyleEx.Regular, new XPdfFontOptions(PdfFontEncoding.Unicode));

        public Writer(PdfDocument document, string footer)
        {
            _document = document;
            _footer = footer;
            NewPage();
        }

        public XGraphics Graphics => _graphics!;
        public double Y { get; set; }
        public double Width { get; private set; }
        double Bottom { get; set; }

        void NewPage()
        {
            _graphics?.Dispose();
            var page = _document.AddPage();
            page.Size = PdfSharp.PageSize.A4;
            _graphics = XGraphics.FromPdfPage(page);
            _pages++;
            Width = page.Width.Point - 2 * Margin;
            Bottom = page.Height.Point - Margin - 14;
            Y = Margin + 10;
            _graphics.DrawString($"{_footer} — page {_pages}", Small, XBrushes.Gray, new XPoint(Margin, page.Height.Point - Margin + 4));
        }

        /// <summary>Starts a new page unless <paramref name="height"/> more fits on this one; true when it did.</summary>
        public bool Need(double height)
        {
            if (Y + height <= Bottom) return false;
            NewPage();
            return true;
        }

        public void Close() => _graphics?.Dispose();

        public void Text(string text, double x, double y, XFont font) => Graphics.DrawString(text, font, XBrushes.Black, new XPoint(x, y));

        public void TextRight(string text, double right, double y, XFont font) =>
            Graphics.DrawString(text, font, XBrushes.Black, new XPoint(right - Graphics.MeasureString(text, font).Width, y));

        public void TextCentered(string text, double center, double y, XFont font) =>
            Graphics.DrawString(text, font, XBrushes.Black, new XPoint(center - Graphics.MeasureString(text, font).Width / 2, y));

        public void Title(string text)
        {
            Text(text, Margin, Y + 6, Big);
            Y += 24;
        }

        /// <summary>A section heading, on the page of the first <paramref name="keepWith"/> points of what follows it.</summary>
        public void Heading(string text, double keepWith = 20)
        {
            Need(22 + keepWith);
            Y += 8;
            Text(text, Margin, Y, HeadingFont);
            Y += 14;
        }

        public void Line(string text, bool mono = false)
        {
            var font = mono ? Mono : Body;
            foreach (var part in Wrap(text, font, Width))
            {
                Need(11);
                Text(part, Margin, Y, font);
                Y += 11;
            }
        }

        public void Pairs(IEnumerable<(string Label, string? Value)> pairs)
        {
            foreach (var (label, value) in pairs)
            {
                Need(11);
                Text(label, Margin, Y, Bold);
                Text(Fit(this, value ?? "", Body, Width - 70), Margin + 70, Y, Body);
                Y += 11;
            }
            Y += 4;
        }

        /// <summary>A table whose rows are as tall as their wrapped cells; the header row is repeated on every page it runs onto.</summary>
        public void Table(IReadOnlyList<(string Name, double Weight)> columns, IReadOnlyList<string[]> rows)
        {
            var total = columns.Sum(c => c.Weight);
            var widths = columns.Select(c => Width * c.Weight / total).ToArray();
            var names = columns.Select((c, i) => Wrap(c.Name, Header, widths[i] - 3)).ToList();
            var headerHeight = names.Max(n => n.Count) * 8.5 + 2.5;
            void HeaderRow()
            {
                Need(headerHeight + 10);
                Graphics.DrawRectangle(new XSolidBrush(XColor.FromArgb(0xf2, 0xf2, 0xf2)), Margin, Y - 8, Width, headerHeight);
                var x = Margin;
                for (var i = 0; i < columns.Count; i++)
                {
                    for (var l = 0; l < names[i].Count; l++) Text(names[i][l], x + 1.5, Y + l * 8.5, Header);
                    x += widths[i];
                }
                Y += headerHeight;
            }
            HeaderRow();
            foreach (var row in rows)
            {
                var cells = row.Select((cell, i) => Wrap(cell, Body, widths[i] - 3)).ToList();
                var height = Math.Max(1, cells.Max(c => c.Count)) * 9.5 + 1.5;
                if (Need(height)) HeaderRow();
                var x = Margin;
                for (var i = 0; i < cells.Count; i++)
                {
                    for (var l = 0; l < cells[i].Count; l++) Text(cells[i][l], x + 1.5, Y + l * 9.5, Body);
                    x += widths[i];
                }
                Graphics.DrawLine(new XPen(XColors.LightGray, 0.3), Margin, Y + height - 8, Margin + Width, Y + height - 8);
                Y += height;
            }
            Y += 4;
        }

        /// <summary>Breaks text into lines that fit the width: at spaces where it can, inside a word (an id, a hash) where it must.</summary>
        List<string> Wrap(string text, XFont font, double width)
        {
            var lines = new List<string>();
            var line = "";
            foreach (var word in text.Split(' '))
            {
                var candidate = line.Length == 0 ? word : $"{line} {word}";
                if (Graphics.MeasureString(candidate, font).Width <= width) { line = candidate; continue; }
                if (line.Length > 0) lines.Add(line);
                line = word;
                while (line.Length > 1 && Graphics.MeasureString(line, font).Width > width)
                {
                    var cut = line.Length - 1;
                    while (cut > 1 && Graphics.MeasureString(line[..cut], font).Width > width) cut--;
                    lines.Add(line[..cut]);
                    line = line[cut..];
                }
            }
            if (line.Length > 0 || lines.Count == 0) lines.Add(line);
            return lines;
        }

        public static string Fit(Writer w, string text, XFont font, double width)
        {
            if (w.Graphics.MeasureString(text, font).Width <= width) return text;
            var cut = text.Length;
            while (cut > 1 && w.Graphics.MeasureString(text[..cut] + "…", font).Width > width) cut--;
            return text[..cut] + "…";
        }
    }
}
