namespace Enjoin.Tests.Screening;

/// <summary>
/// The reference images and hashes of Meta's ThreatExchange (BSD licence): the repository's copy in
/// <c>tests/data/pdq</c>, else a <c>shared/pdq</c> above it; <c>ENJOIN_PDQ_DATA</c> may name another. Missing data
/// fails the tests that need it, loudly: never a silent skip.
/// </summary>
public static class PdqData
{
    static readonly Lazy<string> Found = new(Locate);

    public static string Directory => Found.Value;

    public static string PathOf(string relative) => Path.Combine(Directory, relative);

    /// <summary>expected.csv: image path (relative to shared/pdq) and the reference's hash.</summary>
    /// <summary>A list of hashes, one a line (needles.txt, haystack.txt).</summary>
    public static List<global::Enjoin.Screening.Images.PdqHash> Hashes(string file) =>
        [.. File.ReadLines(PathOf(file)).Where(l => l.Trim().Length > 0).Select(l => global::Enjoin.Screening.Images.PdqHash.Parse(l.Trim()))];

    public static IReadOnlyList<(string File, string Pdq)> Expected() =>
        [.. File.ReadLines(PathOf("expected.csv")).Skip(1).Where(l => l.Length > 0).Select(l => l.Split(',')).Select(p => (p[0], p[1]))];

    static string Locate()
    {
        var tried = new List<string>();
        if (Environment.GetEnvironmentVariable("ENJOIN_PDQ_DATA") is { Length: > 0 } named)
        {
            if (File.Exists(Path.Combine(named, "expected.csv"))) return named;
            tried.Add(named);
        }
        if (RepositoryRoot() is { } root)
        {
            var copy = Path.Combine(root, "tests", "data", "pdq");
            if (File.Exists(Path.Combine(copy, "expected.csv"))) return copy;
            tried.Add(copy);
        }
        var starts = new List<string> { AppContext.BaseDirectory };
        if (RepositoryRoot() is { } repository) starts.Add(repository);
        foreach (var start in starts)
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                var candidate = Path.Combine(dir.FullName, "shared", "pdq");
                if (File.Exists(Path.Combine(candidate, "expected.csv"))) return candidate;
                tried.Add(candidate);
            }
        throw new InvalidOperationException(
            "PDQ reference data (shared/pdq/expected.csv) not found; set ENJOIN_PDQ_DATA or put shared/ beside the repository. Looked in: "
            + string.Join(", ", tried.Distinct()));
    }

    static string? RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Enjoin.slnx"))) return dir.FullName;
        return null;
    }
}
