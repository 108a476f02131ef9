using System.Globalization;

namespace Enjoin.Tests.Demo;

/// <summary>The demo ends with the injunction's report (DESIGN §5.7), and the README states its totals (issue 8).</summary>
[Collection(DemoDatabaseCollection.Name)]
public sealed class DemoReportTests(DemoDatabase demo)
{
    [Fact]
    public void The_demo_reports_on_the_injunction_and_the_readme_states_its_totals()
    {
        var totals = demo.Outcome.ReportTotals;
        Assert.NotNull(totals);
        Assert.Equal(demo.History.Engine.Report("kt-pi")!.Totals, totals);

        var readme = File.ReadAllLines(Path.Combine(RepositoryRoot(), "README.md"));
        var header = Array.FindIndex(readme, l => l.StartsWith("| defendants | resolved | unresolved | listings taken down |", StringComparison.Ordinal));
        Assert.True(header >= 0, "README: the table of the demo report's totals is missing");
        var cells = readme[header + 2].Trim('|').Split('|').Select(c => c.Trim()).ToArray();
        static int N(string cell) => int.Parse(cell, CultureInfo.InvariantCulture);
        static string S(double? seconds) => seconds is { } s ? $"{s.ToString("0", CultureInfo.InvariantCulture)} s" : "none";
        Assert.Equal(
            (totals.Defendants, totals.Resolved, totals.Unresolved, totals.ListingsTakenDown, $"{S(totals.TakedownSecondsP50)} / {S(totals.TakedownSecondsP95)}",
                totals.RelistsDetected, totals.RelistsTakenDown, totals.PayoutHolds, totals.Exposures, totals.Overdue),
            (N(cells[0]), N(cells[1]), N(cells[2]), N(cells[3]), cells[4], N(cells[5]), N(cells[6]), N(cells[7]), N(cells[8]), N(cells[9])));
    }

    static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Enjoin.slnx"))) return dir.FullName;
        throw new InvalidOperationException("repository root (Enjoin.slnx) not found above " + AppContext.BaseDirectory);
    }
}
