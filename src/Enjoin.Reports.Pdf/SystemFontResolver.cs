using PdfSharp.Fonts;

namespace Enjoin.Reports.Pdf;

/// <summary>
/// PDFsharp finds no fonts by itself on Linux: this resolver serves DejaVu Sans (Debian <c>fonts-dejavu-core</c>) from
/// the system, embedded in every PDF so the report reads the same anywhere and its text can be extracted.
/// </summary>
public sealed class SystemFontResolver : IFontResolver
{
    public const string Family = "DejaVu Sans", MonoFamily = "DejaVu Sans Mono";
    const string Regular = "DejaVuSans", Bold = "DejaVuSans-Bold", Mono = "DejaVuSansMono";

    /// <summary>Where the fonts are looked for, first found wins; <c>ENJOIN_FONT_DIR</c> comes first when set.</summary>
    static IEnumerable<string> Directories()
    {
        if (Environment.GetEnvironmentVariable("ENJOIN_FONT_DIR") is { Length: > 0 } dir) yield return dir;
        yield return "/usr/share/fonts/truetype/dejavu";
        yield return "/usr/share/fonts/dejavu";
        yield return "/usr/share/fonts/TTF";
        yield return "/usr/local/share/fonts";
        yield return "/Library/Fonts";
        yield return Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.Windows), "Fonts");
    }

    public FontResolverInfo? ResolveTypeface(string familyName, bool bold, bool italic) =>
        new(familyName == MonoFamily ? Mono : bold ? Bold : Regular);

    public byte[]? GetFont(string faceName)
    {
        foreach (var dir in Directories())
        {
            var path = Path.Combine(dir, faceName + ".ttf");
            if (File.Exists(path)) return File.ReadAllBytes(path);
        }
        throw new FileNotFoundException(
            $"the PDF report needs the font {faceName}.ttf (Debian: apt-get install fonts-dejavu-core; or set ENJOIN_FONT_DIR)");
    }

    static readonly Lock Gate = new();

    /// <summary>Installs the resolver once per process (PDFsharp refuses a change after first use).</summary>
    public static void Install()
    {
        lock (Gate)
        {
            if (GlobalFontSettings.FontResolver is SystemFontResolver) return;
            GlobalFontSettings.FontResolver = new SystemFontResolver();
        }
    }
}
