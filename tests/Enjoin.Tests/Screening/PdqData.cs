namespace Enjoin.Tests.Screening;

/// <summary>
/// The reference images and hashes in <c>shared/pdq</c> (beside the repository: /work/shared for a worktree in
/// /work, the copy next to CI's clone). Found by walking up from the test assembly and from the repository root;
/// <c>ENJOIN_PDQ_DATA</c> may name it. Missing data fails the tests that need it, loudly: never a silent skip.
/// </summary>
public static class PdqData
{
    static readonly Lazy<string> Found = new(Locate);

    public static string Directory => Found.Value;

    public static string PathOf(string relative) => Path.Combine(Directory, relative);

    /// <summary>expected.csv: image path (relative to shared/pdq) and the reference's hash.</summary>
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
        var starts = new List<string> { AppContext.BaseDirectory };
        if (RepositoryRoot() is { } root) starts.Add(root);
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
