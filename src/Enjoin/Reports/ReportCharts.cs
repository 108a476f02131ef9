namespace Enjoin.Reports;

/// <summary>The geometry both the HTML and the PDF charts draw: latency histogram bins and the timeline's time scale.</summary>
public static class ReportCharts
{
    /// <summary>One bar of the takedown latency histogram: latencies in [From, To) seconds (the last bar includes To).</summary>
    public sealed record Bin(double From, double To, int Count);

    /// <summary>Equal-width bins from zero to the longest latency; none for no latencies.</summary>
    public static IReadOnlyList<Bin> Histogram(IReadOnlyList<TakedownLatency> latencies, int bins = 10)
    {
        if (latencies.Count == 0) return [];
        var max = latencies.Max(l => l.Seconds);
        var width = max <= 0 ? 1 : max / bins;
        var counts = new int[bins];
        foreach (var l in latencies) counts[Math.Clamp((int)(l.Seconds / width), 0, bins - 1)]++;
        return [.. counts.Select((n, i) => new Bin(i * width, (i + 1) * width, n))];
    }

    /// <summary>A defendant's open knowledge in short: each code once, with how many facts when more than one (listing_noticed ×4).</summary>
    public static string Codes(IEnumerable<Knowledge.KnowledgeView.Fact> knowledge) =>
        string.Join(", ", knowledge.GroupBy(k => k.Code).OrderBy(g => g.Key)
            .Select(g => Common.Words<Knowledge.KnowledgeCode>.Of(g.Key) + (g.Count() > 1 ? $" ×{g.Count()}" : "")));

    /// <summary>A human duration for axis labels: 45 s, 12 min, 3.5 h, 2.0 d.</summary>
    public static string Duration(double seconds) =>
        seconds < 120 ? $"{seconds:0} s"
        : seconds < 7200 ? $"{seconds / 60:0} min"
        : seconds < 172800 ? $"{seconds / 3600:0.#} h"
        : $"{seconds / 86400:0.#} d";

    /// <summary>The span the timeline shows: from the first event (or the service) to the report's time.</summary>
    public static (DateTimeOffset From, DateTimeOffset To) TimeSpanOf(ComplianceReport report)
    {
        var from = report.Record.Timeline.Count > 0 ? report.Record.Timeline.Min(e => e.At) : report.Order.Served;
        if (report.Order.Served < from) from = report.Order.Served;
        var to = report.AsOf > from ? report.AsOf : from.AddHours(1);
        return (from, to);
    }

    /// <summary>Where a time falls between 0 and 1 on the timeline.</summary>
    public static double Position(DateTimeOffset at, DateTimeOffset from, DateTimeOffset to) =>
        Math.Clamp((at - from).TotalSeconds / Math.Max(1, (to - from).TotalSeconds), 0, 1);
}
