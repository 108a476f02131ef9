using System.Buffers;
using System.Globalization;
using System.Text;

namespace Enjoin.Screening;

/// <summary>
/// The text normalization marks and listings are compared under (DESIGN §4.5), one table lookup per char:
/// Unicode compatibility forms (NFKC: fullwidth, ligatures, ™, ①, 𝐒), diacritics removed, Latin look-alikes
/// in Cyrillic and Greek folded to the Latin letter, case folded, leetspeak folded (0→o 3→e 4→a 5→s 7→t
/// @→a $→s), and everything that is not a letter or digit dropped (spaces, punctuation, zero-width chars,
/// soft hyphens, combining marks, emoji, lone surrogates).
/// </summary>
/// <remarks>
/// <para>
/// The stroke class: <c>i</c>, <c>l</c>, <c>1</c>, <c>|</c> (and <c>I</c>, <c>ı</c>, Cyrillic <c>і ӏ</c>, Greek <c>ι</c>)
/// all fold to the one symbol <see cref="Stroke"/> (<c>'1'</c>), on the mark side and the text side alike.
/// "1" stands for i or for l, so folding it to either letter loses the other ("squ1shma11ows" has both);
/// trying both per char would be exponential. One class is exact instead: every spelling that uses any of
/// the strokes anywhere still normalizes to the mark's form. The cost is that marks differing only by i/l
/// ("mail" / "mall") are the same mark to screening, which a reviewer sees in the evidence.
/// See docs/decisions/010-screening-normalization.md.
/// </para>
/// <para>
/// Look-alikes are folded by the glyph, case-sensitively, before case folding: Greek capital Η looks like H
/// and small η like n, Ν like N and ν like v, Cyrillic В like B while в does not look like b. Text is
/// normalized glyph by glyph; a mark is compiled in every case spelling of those letters (<see cref="Variants"/>),
/// so screening stays case-insensitive for Greek and Cyrillic marks too.
/// </para>
/// <para>
/// A char of the original text yields zero, one or several normalized chars (ﬃ → "ff1"); the matcher keeps
/// the original index of each normalized char to report spans of the original text.
/// </para>
/// </remarks>
public static partial class MarkText
{
    /// <summary>The normalized symbol of the stroke class: i, l, 1, | and their look-alikes.</summary>
    public const char Stroke = '1';

    /// <summary>Entry of <see cref="Fold"/> for a char that needs the slow path: a surrogate, or a char folding to several chars.</summary>
    internal const char Slow = '\uFFFF';

    private const int StackLimit = 256;

    // Look-alikes and leetspeak, by glyph (applied to a char before case folding, then to its lower case).
    // Pairs of (char, folded char). Where a capital and its small letter look like different Latin letters
    // (Η/η, Ν/ν, Υ/υ, В/в), both are listed; otherwise the small letter only, its capital reaching it by case.
    // A capital that looks like no Latin letter while its small letter does (Ω, ω ≈ w) maps to itself, so
    // that every folded char folds to itself again (Normalize is idempotent; the matcher relies on it).
    private const string LookAlikes =
        // stroke class (see remarks)
        "i1l1|1ı1ǀ1ɩ1ɪ1ι1і1ӏ1Ӏ1" +
        // leetspeak (DESIGN §4.5); '1' is the stroke class itself
        "0o3e4a5s7t@a$s" +
        // Latin letters written with another Latin shape
        "ɑaɡg" +
        // Cyrillic
        "аaВbеeкkМmНhоoрpсcТtуyхxјjѕsԁdԛqԝwһhүy" +
        // Greek
        "αaΒbεeΖzΗhηnκkΜmΝnνvοoρpτtΥyυuχxωwΩΩϲcϳj";

    /// <summary>
    /// Fold table for every BMP char: the normalized char, '\0' when the char is dropped, or <see cref="Slow"/>
    /// for a surrogate or a char with several normalized chars (see <see cref="Expansions"/>).
    /// </summary>
    internal static readonly char[] Fold;

    /// <summary>BMP chars whose normalized form is two or more chars (ligatures, ™, ½, ㎏).</summary>
    internal static readonly Dictionary<char, string> Expansions;

    /// <summary>Supplementary code points whose normalized form is not simply their lower case (𝐒 → s, 🄰 → a).</summary>
    private static readonly Dictionary<int, string> SupplementaryFolds;

    /// <summary>Compatibility bases (see MarkText.Compatibility.cs) by code point.</summary>
    private static readonly Dictionary<int, string> Bases;

    private static readonly Dictionary<char, char> LookAlike;

#pragma warning disable CA1810 // the tables depend on each other; one static constructor builds them in order
    static MarkText()
#pragma warning restore CA1810
    {
        LookAlike = [];
        for (int i = 0; i < LookAlikes.Length; i += 2)
        {
            LookAlike.Add(LookAlikes[i], LookAlikes[i + 1]);
        }

        Bases = [];
        ReadBases(BmpCompatibility, 1);
        ReadBases(SupplementaryCompatibility, 2);

        Fold = new char[char.MaxValue + 1];
        Expansions = [];
        var folded = new StringBuilder();
        for (int c = 0; c <= char.MaxValue; c++)
        {
            if (char.IsSurrogate((char)c))
            {
                Fold[c] = Slow;
                continue;
            }

            folded.Clear();
            FoldBase(Bases.TryGetValue(c, out string? b) ? b : ((char)c).ToString(), folded);
            if (folded.Length == 1 && folded[0] != Slow)
            {
                Fold[c] = folded[0];
            }
            else if (folded.Length > 1)
            {
                Fold[c] = Slow;
                Expansions.Add((char)c, folded.ToString());
            }
        }

        SupplementaryFolds = [];
        foreach (var (cp, b) in Bases)
        {
            if (cp > char.MaxValue)
            {
                folded.Clear();
                FoldBase(b, folded);
                SupplementaryFolds.Add(cp, folded.ToString());
            }
        }
    }

    private static void ReadBases(string records, int sourceLength)
    {
        for (int i = 0; i < records.Length;)
        {
            int cp = sourceLength == 1 ? records[i] : char.ConvertToUtf32(records[i], records[i + 1]);
            int length = records[i + sourceLength];
            Bases.Add(cp, records.Substring(i + sourceLength + 1, length));
            i += sourceLength + 1 + length;
        }
    }

    /// <summary>Folds a compatibility base (no further compatibility decomposition) char by char.</summary>
    private static void FoldBase(string b, StringBuilder folded)
    {
        for (int i = 0; i < b.Length; i++)
        {
            char x = b[i];
            if (char.IsHighSurrogate(x) && i + 1 < b.Length && char.IsLowSurrogate(b[i + 1]))
            {
                var rune = new Rune(x, b[++i]);
                if (Rune.IsLetterOrDigit(rune))
                {
                    folded.Append(Rune.ToLowerInvariant(rune).ToString());
                }

                continue;
            }

            if (LookAlike.TryGetValue(x, out char f))
            {
                folded.Append(f);
                continue;
            }

            char lower = char.ToLowerInvariant(x);
            if (LookAlike.TryGetValue(lower, out f))
            {
                folded.Append(f);
            }
            else if (char.IsLetterOrDigit(lower))
            {
                folded.Append(lower);
            }
        }
    }

    /// <summary>Returns the normalized form of <paramref name="text"/>.</summary>
    /// <example><c>Normalize("Squísh-Mallows 2")</c> is <c>"squ1shma11ows2"</c>; <c>Normalize("$QU1SH")</c> is <c>"squ1sh"</c>.</example>
    public static string Normalize(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        int length = NormalizedLength(text);
        if (length == 0)
        {
            return string.Empty;
        }

        char[]? rented = null;
        Span<char> buffer = length <= StackLimit
            ? stackalloc char[StackLimit]
            : (rented = ArrayPool<char>.Shared.Rent(length));
        try
        {
            int n = Normalize(text, buffer);
            return n == text.Length && buffer[..n].SequenceEqual(text) ? text : new string(buffer[..n]);
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<char>.Shared.Return(rented);
            }
        }
    }

    /// <summary>The number of chars <see cref="Normalize(ReadOnlySpan{char}, Span{char})"/> writes for <paramref name="text"/>.</summary>
    internal static int NormalizedLength(ReadOnlySpan<char> text)
    {
        char[] fold = Fold;
        int n = 0;
        for (int i = 0; i < text.Length; i++)
        {
            char f = fold[text[i]];
            if (f == Slow)
            {
                n += SlowFold(text, ref i, []);
            }
            else if (f != '\0')
            {
                n++;
            }
        }

        return n;
    }

    /// <summary>Writes the normalized form of <paramref name="text"/> to <paramref name="destination"/>
    /// (which must hold <see cref="NormalizedLength"/> chars) and returns the number of chars written.</summary>
    internal static int Normalize(ReadOnlySpan<char> text, Span<char> destination)
    {
        char[] fold = Fold;
        int n = 0;
        for (int i = 0; i < text.Length; i++)
        {
            char f = fold[text[i]];
            if (f == Slow)
            {
                n += SlowFold(text, ref i, destination[n..]);
            }
            else if (f != '\0')
            {
                destination[n++] = f;
            }
        }

        return n;
    }

    /// <summary>
    /// Normalizes <paramref name="text"/> into <paramref name="normalized"/> and records, for each normalized
    /// char k, the original chars [<paramref name="from"/>[k], <paramref name="to"/>[k]) that produced it. A
    /// combining mark right after a kept char belongs to that char's span (it was a diacritic on it).
    /// All three spans must hold <see cref="NormalizedLength"/> entries.
    /// </summary>
    internal static int NormalizeWithMap(ReadOnlySpan<char> text, Span<char> normalized, Span<int> from, Span<int> to)
    {
        char[] fold = Fold;
        int n = 0;
        int lastFirst = -1; // first normalized index of the last char that produced any
        int lastEnd = -1;   // original index just after it (and after the combining marks that followed it)
        for (int i = 0; i < text.Length; i++)
        {
            int start = i;
            char f = fold[text[i]];
            int count;
            if (f == Slow)
            {
                count = SlowFold(text, ref i, normalized[n..]);
            }
            else if (f != '\0')
            {
                normalized[n] = f;
                count = 1;
            }
            else
            {
                if (lastEnd == i && IsCombining(text[i]))
                {
                    lastEnd = i + 1;
                    to[lastFirst..n].Fill(lastEnd);
                }

                continue;
            }

            if (count > 0)
            {
                from.Slice(n, count).Fill(start);
                to.Slice(n, count).Fill(i + 1);
                lastFirst = n;
                lastEnd = i + 1;
                n += count;
            }
        }

        return n;
    }

    private static bool IsCombining(char c) =>
        CharUnicodeInfo.GetUnicodeCategory(c) is UnicodeCategory.NonSpacingMark or UnicodeCategory.EnclosingMark;

    /// <summary>
    /// Folds the char at <paramref name="i"/> whose <see cref="Fold"/> entry is <see cref="Slow"/>: an expansion,
    /// or a surrogate pair (then <paramref name="i"/> moves to its low half). Writes to <paramref name="destination"/>
    /// unless it is empty, and returns the number of normalized chars. Lone surrogates are dropped.
    /// </summary>
    internal static int SlowFold(ReadOnlySpan<char> text, ref int i, Span<char> destination)
    {
        char c = text[i];
        if (!char.IsSurrogate(c))
        {
            string expansion = Expansions[c];
            if (!destination.IsEmpty)
            {
                expansion.CopyTo(destination);
            }

            return expansion.Length;
        }

        if (!char.IsHighSurrogate(c) || i + 1 >= text.Length || !char.IsLowSurrogate(text[i + 1]))
        {
            return 0;
        }

        var rune = new Rune(c, text[++i]);
        if (SupplementaryFolds.TryGetValue(rune.Value, out string? folded))
        {
            if (!destination.IsEmpty)
            {
                folded.CopyTo(destination);
            }

            return folded.Length;
        }

        if (!Rune.IsLetterOrDigit(rune))
        {
            return 0; // emoji, symbols: dropped as a unit
        }

        Span<char> pair = stackalloc char[2];
        int written = Rune.ToLowerInvariant(rune).EncodeToUtf16(pair);
        if (!destination.IsEmpty)
        {
            pair[..written].CopyTo(destination);
        }

        return written;
    }

    /// <summary>
    /// The normalized forms a mark can take in text, one per case spelling of its look-alike letters whose capital
    /// and small forms fold differently (Greek "Νίκη" as νίκη, ΝΙΚΗ, Νίκη …). Latin marks have exactly one.
    /// </summary>
    /// <remarks>At most <paramref name="limit"/> combinations; past that, the mark as written, in lower case and in upper case.</remarks>
    internal static IReadOnlyList<string> Variants(string mark, int limit = 64)
    {
        var choices = new List<string[]>();
        long combinations = 1;
        for (int i = 0; i < mark.Length; i += char.IsSurrogatePair(mark, i) ? 2 : 1)
        {
            string unit = char.IsSurrogatePair(mark, i) ? mark.Substring(i, 2) : mark[i].ToString();
            string[] alternatives = [.. new[] { Normalize(unit), Normalize(unit.ToLowerInvariant()), Normalize(unit.ToUpperInvariant()) }.Distinct(StringComparer.Ordinal)];
            if (alternatives.Length > 1)
            {
                combinations *= alternatives.Length;
            }

            choices.Add(alternatives);
        }

        if (combinations > limit)
        {
            return [.. new[] { Normalize(mark), Normalize(mark.ToLowerInvariant()), Normalize(mark.ToUpperInvariant()) }
                .Where(v => v.Length > 0).Distinct(StringComparer.Ordinal)];
        }

        var variants = new List<string> { "" };
        foreach (string[] alternatives in choices)
        {
            var next = new List<string>(variants.Count * alternatives.Length);
            foreach (string prefix in variants)
            {
                foreach (string alternative in alternatives)
                {
                    next.Add(prefix + alternative);
                }
            }

            variants = next;
        }

        return [.. variants.Where(v => v.Length > 0).Distinct(StringComparer.Ordinal)];
    }

    /// <summary>
    /// Compatibility forms, diacritics and case folded away, letters and digits kept: the folding store names are
    /// keyed under ("Happy Toy World!" = "happytoyworld"). No look-alike, leetspeak or stroke folding: a store key
    /// resolves Schedule A rows to accounts, and "Shop 1" must not become the same store as "Shop I".
    /// </summary>
    public static string Simplify(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var sb = new StringBuilder(text.Length);
        foreach (Rune rune in text.EnumerateRunes())
        {
            if (Bases.TryGetValue(rune.Value, out string? b))
            {
                foreach (Rune r in b.EnumerateRunes())
                {
                    AppendSimple(sb, r);
                }
            }
            else
            {
                AppendSimple(sb, rune);
            }
        }

        return sb.Length == text.Length && sb.Equals(text) ? text : sb.ToString();

        static void AppendSimple(StringBuilder sb, Rune r)
        {
            if (Rune.IsLetterOrDigit(r))
            {
                sb.Append(Rune.ToLowerInvariant(r).ToString());
            }
        }
    }

    /// <summary>The compatibility base of a code point from the generated tables, or null when it is its own base (for tests).</summary>
    internal static string? CompatibilityBase(int codePoint) => Bases.GetValueOrDefault(codePoint);
}
