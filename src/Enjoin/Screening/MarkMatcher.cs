using System.Buffers;
using System.Collections.ObjectModel;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text;

namespace Enjoin.Screening;

/// <summary>Builds <see cref="IMarkMatcher"/>s.</summary>
public static class MarkMatcher
{
    /// <summary>Marks whose normalized form has at least this many letters also match within one edit (DESIGN §4.5).</summary>
    public const int FuzzyMinLetters = 8;

    /// <summary>
    /// Compiles every mark into one Aho–Corasick automaton; no regex per mark. Marks that are blank, or
    /// that normalize to nothing (e.g. "---"), are ignored; exact duplicates are kept once.
    /// </summary>
    [OverloadResolutionPriority(1)]
    public static IMarkMatcher Compile(IEnumerable<string> marks)
    {
        ArgumentNullException.ThrowIfNull(marks);
        return AhoCorasickMarkMatcher.Build(marks.Select(mark => new MarkSpec(mark)));
    }

    /// <summary>
    /// Compiles marks with their allowed phrases. A mark registered twice is kept once, with the allowed
    /// phrases of both. Adding marks means compiling again (about 0.2 s for 10,000 marks; bench/RESULTS.md).
    /// </summary>
    public static IMarkMatcher Compile(IEnumerable<MarkSpec> marks)
    {
        ArgumentNullException.ThrowIfNull(marks);
        return AhoCorasickMarkMatcher.Build(marks);
    }
}

/// <summary>
/// Aho–Corasick automaton over the normalized char stream of a field (see <see cref="MarkText"/>), holding
/// every mark (in each of its case variants, <see cref="MarkText.Variants"/>) and, for marks of 8 letters or
/// more, the pieces that find it within one edit.
/// </summary>
/// <remarks>
/// <para>
/// Matching is substring matching over the normalized text. Because separators and punctuation are
/// removed before matching, "Squish Mallows", "squish-mallows" and "SQUISH.MALLOWS" all match
/// SQUISHMALLOWS, while "marshmallow" and "squishy" do not. A mark inside a longer run of letters
/// ("bestsquishmallowsever") DOES match: there are no word boundaries after normalization. That is the
/// accepted product design: a mark hidden by gluing words to it is still a mark; the cost is that a short
/// mark can match inside an unrelated word, which is for mark registration (and the allow-list) to deal with.
/// </para>
/// <para>
/// One edit, without a regex or a pass per mark (pigeonhole): a mark P of n ≥ 8 letters is cut into a head
/// P[0, h) and a tail P[h, n), h = n / 2. One insertion, deletion or substitution leaves the head or the tail
/// intact, and so does a transposition of two adjacent chars unless it swaps P[h-1] and P[h]; that one
/// string is compiled too ("swapped"). Head, tail and swapped go into the same automaton as the marks. An
/// intact head fixes where the occurrence starts and an intact tail where it ends, so a piece hit is verified
/// against at most three windows (lengths n-1, n, n+1) with a linear check for edit distance ≤ 1 (optimal
/// string alignment: common prefix and suffix stripped, at most one char left on each side, or two swapped).
/// </para>
/// <para>
/// Two passes, the second rare. The filter (<see cref="MayMatch"/>) reads the original string char by char
/// and maps each char through one 64K-entry table straight to an automaton symbol (or "drop" / "reset" /
/// "slow"), so the hot loop is two table lookups per char and allocates nothing; it says whether the field
/// holds a match (a piece hit is confirmed on the spot, on a small normalized window around it). Only then the
/// field is normalized into a buffer with, per normalized char, the original chars that produced it, scanned
/// again, and the hits verified, checked against the allow-list and mapped back to spans of the original text.
/// </para>
/// <para>Instances are immutable and safe to share between threads.</para>
/// </remarks>
internal sealed class AhoCorasickMarkMatcher : IMarkMatcher
{
    // Table entry of the "slow" column (surrogates, chars with several normalized chars): the filter folds them
    // itself. Distinct from every complemented row (~row is int.MinValue only for row == int.MaxValue).
    private const int SlowEntry = int.MinValue;

    // Texts at least this long are scanned by MayMatch as two interleaved halves.
    private const int SplitLength = 32;

    // Fields up to this many normalized chars are normalized on the stack in the second pass.
    private const int StackLimit = 256;

    // Marks longer than this (normalized) match exactly only: a protected term is a word or a few, and the
    // confirmation window of a piece hit is sized by the mark.
    private const int MaxFuzzyLength = 1024;

    /// <summary>A pattern of the automaton: which variant (of which mark) it is a piece of, and what piece.</summary>
    /// <param name="Half">The length of the variant's head (for fuzzy variants).</param>
    /// <param name="Length">The length of the variant.</param>
    private readonly record struct Piece(int Variant, int Mark, PieceKind Kind, int Half, int Length);

    private enum PieceKind : byte
    {
        Whole,   // the mark's normalized form: distance 0
        Swapped, // the mark with its two middle chars swapped: distance 1
        Head,    // first half: the occurrence starts where it does
        Tail,    // second half: the occurrence ends where it does
    }

    private readonly string[] _marks;
    private readonly ReadOnlyCollection<string> _marksView;
    private readonly string[][] _allowed;        // per mark: normalized allowed phrases
    private readonly string[] _variantText;      // normalized variants of the marks
    private readonly Piece[] _pieces;            // per pattern of the automaton
    private readonly ushort[] _symbolOf;         // original char → column of _delta
    private readonly Dictionary<char, int> _surrogateSymbol; // surrogate chars that occur in patterns
    private readonly int _stride;
    private readonly int _dropSymbol;  // separators and punctuation: stay in the same state
    private readonly int _resetSymbol; // a letter or digit occurring in no pattern: back to the root
    private readonly int _depthColumn; // column holding the state's depth (trie prefix length), not a symbol

    // _delta[row + symbol] is the next state's row (state * stride), complemented (~row) when the next state
    // has an output (its own pattern or one reachable through its dictionary suffix link). Columns: the chars
    // occurring in patterns, then "drop", "reset", "slow" (SlowEntry in every row) and the depth column.
    private readonly int[] _delta;
    private readonly int[] _outputStart;    // per state: first index into _outputPieces of its own patterns
    private readonly int[] _outputCount;    // per state: how many patterns end exactly here
    private readonly int[] _outputPieces;   // pattern indices, grouped by state
    private readonly int[] _dictionaryLink; // per state: nearest proper suffix state with own patterns, or -1
    private readonly int[] _window;         // per state: what Confirm needs (see the constructor)

    private AhoCorasickMarkMatcher(Tables t)
    {
        _marks = t.Marks;
        _marksView = new ReadOnlyCollection<string>(t.Marks);
        _allowed = t.Allowed;
        _variantText = t.VariantText;
        _pieces = t.Pieces;
        _symbolOf = t.SymbolOf;
        _surrogateSymbol = t.SurrogateSymbol;
        _stride = t.Stride;
        _dropSymbol = t.Stride - 4;
        _resetSymbol = t.Stride - 3;
        _depthColumn = t.Stride - 1;
        _delta = t.Delta;
        _outputStart = t.OutputStart;
        _outputCount = t.OutputCount;
        _outputPieces = t.OutputPieces;
        _dictionaryLink = t.DictionaryLink;

        // Per state, what Confirm needs: 0 when some output is a mark itself (or its swapped middle), a match
        // without verification; otherwise the normalized chars its heads and tails need before the hit (the
        // current one included: h for a head, n + 1 for a tail) and after it (n + 1 - h for a head).
        _window = new int[t.OutputCount.Length];
        for (int s = 0; s < _window.Length; s++)
        {
            int back = 0, ahead = 0;
            bool alone = false;
            for (int state = s; state >= 0; state = t.DictionaryLink[state])
            {
                for (int o = t.OutputStart[state]; o < t.OutputStart[state] + t.OutputCount[state]; o++)
                {
                    Piece piece = t.Pieces[t.OutputPieces[o]];
                    alone |= piece.Kind is PieceKind.Whole or PieceKind.Swapped;
                    back = Math.Max(back, piece.Kind == PieceKind.Head ? piece.Half : piece.Length + 1);
                    ahead = Math.Max(ahead, piece.Kind == PieceKind.Head ? piece.Length + 1 - piece.Half : 0);
                }
            }

            _window[s] = alone ? 0 : (back << 16) | ahead;
        }
    }

    public IReadOnlyList<string> Marks => _marksView;

    internal int StateCount => _outputCount.Length;

    internal int PatternCount => _pieces.Length;

    public MarkMatch? FirstMatch(string? title, string? description, string? brand)
    {
        // Nearly every listing matches nothing: the filter answers that, and only a field it lets through is
        // normalized and scanned for its matches. An exact match anywhere beats one within an edit.
        MarkMatch? fuzzy = null;
        if (title is not null && MayMatch(title) && FirstIn(title, ListingField.Title, ref fuzzy) is { } inTitle)
        {
            return inTitle;
        }

        if (description is not null && MayMatch(description) && FirstIn(description, ListingField.Description, ref fuzzy) is { } inDescription)
        {
            return inDescription;
        }

        if (brand is not null && MayMatch(brand) && FirstIn(brand, ListingField.Brand, ref fuzzy) is { } inBrand)
        {
            return inBrand;
        }

        return fuzzy;
    }

    public IReadOnlyList<MarkMatch> AllMatches(string? title, string? description, string? brand)
    {
        var all = new List<MarkMatch>();
        var hits = new List<Hit>();
        if (title is not null && MayMatch(title))
        {
            AllIn(title, ListingField.Title, hits, all);
        }

        if (description is not null && MayMatch(description))
        {
            AllIn(description, ListingField.Description, hits, all);
        }

        if (brand is not null && MayMatch(brand))
        {
            AllIn(brand, ListingField.Brand, hits, all);
        }

        return all.Count == 0 ? Array.Empty<MarkMatch>() : all;
    }

    /// <summary>A verified, allowed hit in normalized positions [Start, End).</summary>
    private readonly record struct Hit(int Mark, int Variant, int Start, int End, int Distance, int Order);

    /// <summary>The field normalized, with the original chars behind each normalized char.</summary>
    private readonly ref struct Normalized(ReadOnlySpan<char> chars, ReadOnlySpan<int> from, ReadOnlySpan<int> to)
    {
        public readonly ReadOnlySpan<char> Chars = chars;
        public readonly ReadOnlySpan<int> From = from;
        public readonly ReadOnlySpan<int> To = to;
    }

    private MarkMatch? FirstIn(string text, ListingField field, ref MarkMatch? fuzzy)
    {
        int n = MarkText.NormalizedLength(text);
        char[]? rentedChars = null;
        int[]? rentedFrom = null, rentedTo = null;
        Span<char> chars = n <= StackLimit ? stackalloc char[StackLimit] : (rentedChars = ArrayPool<char>.Shared.Rent(n));
        Span<int> from = n <= StackLimit ? stackalloc int[StackLimit] : (rentedFrom = ArrayPool<int>.Shared.Rent(n));
        Span<int> to = n <= StackLimit ? stackalloc int[StackLimit] : (rentedTo = ArrayPool<int>.Shared.Rent(n));
        try
        {
            MarkText.NormalizeWithMap(text, chars, from, to);
            var normalized = new Normalized(chars[..n], from[..n], to[..n]);
            bool needFuzzy = fuzzy is null;
            Hit found = default;
            if (Scan(normalized, needFuzzy ? ScanMode.FirstExactOrFuzzy : ScanMode.FirstExact, null, ref found))
            {
                var match = ToMatch(found, field, normalized);
                if (found.Distance == 0)
                {
                    return match;
                }

                fuzzy = match;

                // A fuzzy hit was found first; an exact one may still come later in this field.
                if (Scan(normalized, ScanMode.FirstExact, null, ref found))
                {
                    return ToMatch(found, field, normalized);
                }
            }

            return null;
        }
        finally
        {
            ReturnAll(rentedChars, rentedFrom, rentedTo);
        }
    }

    private void AllIn(string text, ListingField field, List<Hit> hits, List<MarkMatch> all)
    {
        int n = MarkText.NormalizedLength(text);
        char[]? rentedChars = null;
        int[]? rentedFrom = null, rentedTo = null;
        Span<char> chars = n <= StackLimit ? stackalloc char[StackLimit] : (rentedChars = ArrayPool<char>.Shared.Rent(n));
        Span<int> from = n <= StackLimit ? stackalloc int[StackLimit] : (rentedFrom = ArrayPool<int>.Shared.Rent(n));
        Span<int> to = n <= StackLimit ? stackalloc int[StackLimit] : (rentedTo = ArrayPool<int>.Shared.Rent(n));
        try
        {
            MarkText.NormalizeWithMap(text, chars, from, to);
            var normalized = new Normalized(chars[..n], from[..n], to[..n]);
            hits.Clear();
            Hit unused = default;
            Scan(normalized, ScanMode.All, hits, ref unused);
            foreach (var hit in Reported(hits))
            {
                all.Add(ToMatch(hit, field, normalized));
            }
        }
        finally
        {
            ReturnAll(rentedChars, rentedFrom, rentedTo);
        }
    }

    private static void ReturnAll(char[]? chars, int[]? from, int[]? to)
    {
        if (chars is not null)
        {
            ArrayPool<char>.Shared.Return(chars);
        }

        if (from is not null)
        {
            ArrayPool<int>.Shared.Return(from);
        }

        if (to is not null)
        {
            ArrayPool<int>.Shared.Return(to);
        }
    }

    private MarkMatch ToMatch(Hit hit, ListingField field, Normalized normalized)
    {
        int start = normalized.From[hit.Start];
        int end = normalized.To[hit.End - 1];
        return new MarkMatch(_marks[hit.Mark], field, start, end - start, new string(normalized.Chars[hit.Start..hit.End]), hit.Distance);
    }

    /// <summary>
    /// Of the hits of one field: every exact one (once per mark and span); of those within one edit, the ones
    /// overlapping no exact hit of the same mark, and of overlapping ones of a mark the best (shortest, then
    /// first). Ordered by end, then as found.
    /// </summary>
    private List<Hit> Reported(List<Hit> hits)
    {
        var kept = new List<Hit>(hits.Count);
        foreach (var hit in hits)
        {
            if (hit.Distance == 0 && !kept.Exists(k => k.Distance == 0 && k.Mark == hit.Mark && k.Start == hit.Start && k.End == hit.End))
            {
                kept.Add(hit);
            }
        }

        var fuzzy = hits.FindAll(h => h.Distance > 0
            && !kept.Exists(k => k.Mark == h.Mark && k.Start < h.End && h.Start < k.End));
        fuzzy.Sort((a, b) =>
        {
            int byMark = a.Mark.CompareTo(b.Mark);
            if (byMark != 0)
            {
                return byMark;
            }

            int byLength = (a.End - a.Start).CompareTo(b.End - b.Start);
            return byLength != 0 ? byLength : a.Start != b.Start ? a.Start.CompareTo(b.Start) : a.Order.CompareTo(b.Order);
        });
        foreach (var hit in fuzzy)
        {
            if (!kept.Exists(k => k.Mark == hit.Mark && k.Start < hit.End && hit.Start < k.End))
            {
                kept.Add(hit);
            }
        }

        kept.Sort((a, b) => a.End != b.End ? a.End.CompareTo(b.End) : a.Order.CompareTo(b.Order));
        return kept;
    }

    private enum ScanMode
    {
        FirstExact,
        FirstExactOrFuzzy,
        All,
    }

    /// <summary>
    /// Runs the automaton over a normalized field and verifies each pattern hit. In the First modes stops at
    /// the first hit that counts and returns true with it in <paramref name="first"/>; in All mode adds every
    /// hit to <paramref name="hits"/> and returns false.
    /// </summary>
    private bool Scan(Normalized normalized, ScanMode mode, List<Hit>? hits, ref Hit first)
    {
        ReadOnlySpan<char> chars = normalized.Chars;
        int row = 0;
        int order = 0;
        for (int k = 0; k < chars.Length; k++)
        {
            int next = _delta[row + Column(chars[k])];
            if (next >= 0)
            {
                row = next;
                continue;
            }

            row = ~next;
            for (int state = row / _stride; state >= 0; state = _dictionaryLink[state])
            {
                int to = _outputStart[state] + _outputCount[state];
                for (int o = _outputStart[state]; o < to; o++)
                {
                    Piece piece = _pieces[_outputPieces[o]];
                    if (mode == ScanMode.FirstExact && piece.Kind != PieceKind.Whole)
                    {
                        continue;
                    }

                    if (!Verify(piece, k, chars, out Hit hit))
                    {
                        continue;
                    }

                    if (IsAllowed(hit, chars))
                    {
                        continue;
                    }

                    if (hits is null)
                    {
                        first = hit;
                        return true;
                    }

                    hits.Add(hit with { Order = order++ });
                }
            }
        }

        return false;
    }

    /// <summary>The column of a normalized char (a normalized char folds to itself; surrogates by their own table).</summary>
    private int Column(char c) =>
        !char.IsSurrogate(c) ? _symbolOf[c]
        : _surrogateSymbol.TryGetValue(c, out int symbol) ? symbol
        : _resetSymbol;

    /// <summary>
    /// The occurrence of a pattern ending at normalized index <paramref name="k"/>: the mark itself, the swapped
    /// mark, or — for a head or a tail — the tightest window at distance 1 (exact windows are the Whole pattern's).
    /// </summary>
    private bool Verify(Piece piece, int k, ReadOnlySpan<char> chars, out Hit hit)
    {
        int n = piece.Length;
        hit = default;
        switch (piece.Kind)
        {
            case PieceKind.Whole:
            case PieceKind.Swapped:
                hit = new Hit(piece.Mark, piece.Variant, k - n + 1, k + 1, piece.Kind == PieceKind.Whole ? 0 : 1, 0);
                return true;
            case PieceKind.Head:
            {
                string mark = _variantText[piece.Variant];
                int start = k - piece.Half + 1;
                for (int w = 0; w < 3; w++)
                {
                    int end = start + WindowLength(n, w);
                    if (end <= chars.Length && IsWholeChars(chars, start, end) && EditDistance.AtMostOne(mark, chars[start..end]) == 1)
                    {
                        hit = new Hit(piece.Mark, piece.Variant, start, end, 1, 0);
                        return true;
                    }
                }

                return false;
            }

            default:
            {
                string mark = _variantText[piece.Variant];
                int end = k + 1;
                for (int w = 0; w < 3; w++)
                {
                    int start = end - WindowLength(n, w);
                    if (start >= 0 && IsWholeChars(chars, start, end) && EditDistance.AtMostOne(mark, chars[start..end]) == 1)
                    {
                        hit = new Hit(piece.Mark, piece.Variant, start, end, 1, 0);
                        return true;
                    }
                }

                return false;
            }
        }
    }

    // Windows tried for a head or tail hit, tightest first: n - 1, n, n + 1. A window one char longer than
    // another at distance 1 only adds a substituted char at its edge, which is usually a neighbouring word's
    // ("Plush quishmallows" is "quishmallows", not "hquishmallows").
    private static int WindowLength(int n, int attempt) => n - 1 + attempt;

    private static bool IsWholeChars(ReadOnlySpan<char> chars, int start, int end) =>
        !char.IsLowSurrogate(chars[start]) && !char.IsHighSurrogate(chars[end - 1]);

    /// <summary>True when the hit lies inside an occurrence of one of its mark's allowed phrases.</summary>
    private bool IsAllowed(Hit hit, ReadOnlySpan<char> chars)
    {
        foreach (string phrase in _allowed[hit.Mark])
        {
            int length = phrase.Length;
            int last = Math.Min(hit.Start, chars.Length - length);
            for (int start = Math.Max(0, hit.End - length); start <= last; start++)
            {
                if (chars.Slice(start, length).SequenceEqual(phrase))
                {
                    return true;
                }
            }
        }

        return false;
    }

    /// <summary>
    /// Filter: false only when the field holds no match. True when a mark occurs exactly (allowed phrases are left
    /// to the second pass) or a piece hit verifies within one edit; piece hits that do not verify are dismissed
    /// here, on a small normalized window around the hit, so the second pass runs only for real matches.
    /// </summary>
    /// <remarks>
    /// A table-driven automaton is one long chain of dependent loads (each step needs the previous state),
    /// so it runs at memory latency, not at the speed of the CPU. Longer texts are therefore split in two
    /// halves scanned in lockstep, two independent chains the CPU overlaps. The second half starts at the
    /// root, so it misses matches that begin in the first half; the first chain therefore continues past
    /// the split until its state is no deeper than the number of chars kept since the split. From there
    /// its state (the longest suffix of the text read that is a prefix of some pattern) lies entirely after
    /// the split, so it equals the second chain's state, and whatever remains the second chain has seen.
    /// A char that needs the slow path (a surrogate pair, a ligature) sends the whole text to
    /// <see cref="MayMatchSequential"/>.
    /// </remarks>
    internal bool MayMatch(string text)
    {
        ref ushort symbolOf = ref MemoryMarshal.GetArrayDataReference(_symbolOf);
        ref int delta = ref MemoryMarshal.GetArrayDataReference(_delta);
        int length = text.Length;
        int a = 0;
        int i = 0;
        if (length >= SplitLength)
        {
            int split = length / 2;
            int b = 0;
            int j = split;
            for (; i < split; i++, j++)
            {
                // _symbolOf has 65,536 entries, so any char indexes it; row < StateCount * stride and
                // every symbol < stride, by construction.
                int nextA = Unsafe.Add(ref delta, a + Unsafe.Add(ref symbolOf, text[i]));
                int nextB = Unsafe.Add(ref delta, b + Unsafe.Add(ref symbolOf, text[j]));
                if ((nextA | nextB) < 0)
                {
                    if (nextA == SlowEntry || nextB == SlowEntry)
                    {
                        return MayMatchSequential(text);
                    }

                    if (nextA < 0 && Confirm(text, i, nextA = ~nextA))
                    {
                        return true;
                    }

                    if (nextB < 0 && Confirm(text, j, nextB = ~nextB))
                    {
                        return true;
                    }
                }

                a = nextA;
                b = nextB;
            }

            if (j < length)
            {
                int nextB = Unsafe.Add(ref delta, b + Unsafe.Add(ref symbolOf, text[j]));
                if (nextB == SlowEntry)
                {
                    return MayMatchSequential(text);
                }

                if (nextB < 0 && Confirm(text, j, ~nextB))
                {
                    return true;
                }
            }

            // Continue the first chain until it is no deeper than the chars it has kept since the split.
            int dropSymbol = _dropSymbol;
            int depthColumn = _depthColumn;
            for (int kept = 0; i < length && Unsafe.Add(ref delta, a + depthColumn) > kept; i++)
            {
                int symbol = Unsafe.Add(ref symbolOf, text[i]);
                if (symbol != dropSymbol)
                {
                    kept++;
                }

                int nextA = Unsafe.Add(ref delta, a + symbol);
                if (nextA < 0)
                {
                    if (nextA == SlowEntry)
                    {
                        return MayMatchSequential(text);
                    }

                    if (Confirm(text, i, nextA = ~nextA))
                    {
                        return true;
                    }
                }

                a = nextA;
            }

            return false;
        }

        for (; i < length; i++)
        {
            int next = Unsafe.Add(ref delta, a + Unsafe.Add(ref symbolOf, text[i]));
            if (next < 0)
            {
                if (next == SlowEntry)
                {
                    return MayMatchSequential(text);
                }

                if (Confirm(text, i, next = ~next))
                {
                    return true;
                }
            }

            a = next;
        }

        return false;
    }

    /// <summary>The filter in one chain, folding slow chars (surrogate pairs, expansions) as it meets them.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private bool MayMatchSequential(string text)
    {
        Span<char> folded = stackalloc char[MaxCharFold];
        int row = 0;
        for (int i = 0; i < text.Length; i++)
        {
            int next = _delta[row + _symbolOf[text[i]]];
            if (next >= 0)
            {
                row = next;
                continue;
            }

            if (next != SlowEntry)
            {
                row = ~next;
                if (Confirm(text, i, row))
                {
                    return true;
                }

                continue;
            }

            int start = i;
            int count = MarkText.SlowFold(text, ref i, folded);
            for (int f = 0; f < count; f++)
            {
                next = _delta[row + Column(folded[f])];
                if (next >= 0)
                {
                    row = next;
                    continue;
                }

                row = ~next;
                if (Confirm(text, start, i + 1, folded[..count], f + 1, row))
                {
                    return true;
                }
            }
        }

        return false;
    }

    // Longer than the normalized form of any one char or surrogate pair (18 chars at most).
    private const int MaxCharFold = 32;

    /// <summary>Confirms a hit right after the char at <paramref name="i"/>, a char with one normalized char.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private bool Confirm(string text, int i, int row)
    {
        ReadOnlySpan<char> fold = [MarkText.Fold[text[i]]];
        return Confirm(text, i, i + 1, fold, 1, row);
    }

    /// <summary>
    /// Whether a hit in state <paramref name="row"/> is a match: an exact mark (or the swapped one) is; a head or a
    /// tail is when a window around it verifies within one edit. The hit is right after normalized char
    /// <paramref name="consumed"/> of <paramref name="charFold"/>, the normalized form of original chars
    /// [<paramref name="charStart"/>, <paramref name="charEnd"/>).
    /// </summary>
    private bool Confirm(string text, int charStart, int charEnd, ReadOnlySpan<char> charFold, int consumed, int row)
    {
        int need = _window[row / _stride];
        if (need == 0)
        {
            return true; // the mark itself (or its swapped middle): the second pass checks allowed phrases
        }

        // Only heads and tails end here: a window of the normalized chars around the hit they need.
        int back = need >> 16, ahead = need & 0xFFFF;
        int size = back + ahead;
        char[]? rented = null;
        Span<char> window = size <= StackLimit ? stackalloc char[size] : (rented = ArrayPool<char>.Shared.Rent(size));
        try
        {
            // The normalized chars before the hit, filled from the right: the current char's, then earlier chars'.
            Span<char> folded = stackalloc char[MaxCharFold];
            int hit = back - 1; // index in window of the normalized char the hit ends at
            int first = back - Math.Min(back, consumed);
            charFold[(consumed - (back - first))..consumed].CopyTo(window[first..back]);
            char[] fold = MarkText.Fold;
            for (int j = charStart - 1; j >= 0 && first > 0; j--)
            {
                char f = fold[text[j]];
                if (f == MarkText.Slow)
                {
                    int count = FoldEndingAt(text, j, folded, out int start);
                    int take = Math.Min(count, first);
                    folded[(count - take)..count].CopyTo(window[(first - take)..first]);
                    first -= take;
                    j = start;
                }
                else if (f != '\0')
                {
                    window[--first] = f;
                }
            }

            // And after it: the rest of the current char's, then later chars'.
            int last = back;
            int rest = Math.Min(charFold.Length - consumed, ahead);
            charFold.Slice(consumed, rest).CopyTo(window[last..]);
            last += rest;
            for (int j = charEnd; j < text.Length && last < size; j++)
            {
                char f = fold[text[j]];
                if (f == MarkText.Slow)
                {
                    int count = MarkText.SlowFold(text, ref j, folded);
                    int take = Math.Min(count, size - last);
                    folded[..take].CopyTo(window[last..]);
                    last += take;
                }
                else if (f != '\0')
                {
                    window[last++] = f;
                }
            }

            ReadOnlySpan<char> chars = window[first..last];
            int k = hit - first;
            for (int state = row / _stride; state >= 0; state = _dictionaryLink[state])
            {
                int to = _outputStart[state] + _outputCount[state];
                for (int o = _outputStart[state]; o < to; o++)
                {
                    if (Verify(_pieces[_outputPieces[o]], k, chars, out _))
                    {
                        return true;
                    }
                }
            }

            return false;
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<char>.Shared.Return(rented);
            }
        }
    }

    /// <summary>Normalizes the char (or surrogate pair) ending at original index <paramref name="j"/>; its first index in <paramref name="start"/>.</summary>
    private static int FoldEndingAt(string text, int j, Span<char> destination, out int start)
    {
        char c = text[j];
        char f = MarkText.Fold[c];
        start = j;
        if (f != MarkText.Slow)
        {
            if (f == '\0')
            {
                return 0;
            }

            destination[0] = f;
            return 1;
        }

        if (char.IsLowSurrogate(c) && j > 0 && char.IsHighSurrogate(text[j - 1]))
        {
            start = j - 1;
        }
        else if (char.IsSurrogate(c))
        {
            return 0; // lone surrogate
        }

        int at = start;
        return MarkText.SlowFold(text, ref at, destination);
    }

    /// <summary>The arrays a matcher is made of.</summary>
    private sealed record Tables(
        string[] Marks,
        string[][] Allowed,
        string[] VariantText,
        Piece[] Pieces,
        ushort[] SymbolOf,
        Dictionary<char, int> SurrogateSymbol,
        int Stride,
        int[] Delta,
        int[] OutputStart,
        int[] OutputCount,
        int[] OutputPieces,
        int[] DictionaryLink);

    internal static AhoCorasickMarkMatcher Build(IEnumerable<MarkSpec> source)
    {
        // Registered marks (deduplicated, blank ones dropped), their allowed phrases and normalized variants.
        var marks = new List<string>();
        var allowed = new List<HashSet<string>>();
        var indexOf = new Dictionary<string, int>(StringComparer.Ordinal);
        var skipped = new HashSet<string>(StringComparer.Ordinal);
        var variantText = new List<string>();
        var variantMark = new List<int>();
        foreach (MarkSpec spec in source)
        {
            ArgumentNullException.ThrowIfNull(spec, nameof(source));
            string mark = spec.Mark;
            if (string.IsNullOrWhiteSpace(mark) || skipped.Contains(mark))
            {
                continue;
            }

            if (!indexOf.TryGetValue(mark, out int m))
            {
                IReadOnlyList<string> variants = MarkText.Variants(mark);
                if (variants.Count == 0)
                {
                    skipped.Add(mark);
                    continue;
                }

                m = marks.Count;
                indexOf.Add(mark, m);
                marks.Add(mark);
                allowed.Add(new HashSet<string>(StringComparer.Ordinal));
                foreach (string variant in variants)
                {
                    variantText.Add(variant);
                    variantMark.Add(m);
                }
            }

            foreach (string phrase in spec.Allowed ?? [])
            {
                if (!string.IsNullOrWhiteSpace(phrase))
                {
                    allowed[m].UnionWith(MarkText.Variants(phrase));
                }
            }
        }

        // Patterns: every variant whole; for long ones its head, tail and swapped middle.
        var pieceText = new List<string>();
        var pieceVariant = new List<int>();
        var pieceKind = new List<PieceKind>();
        var variantHalf = new int[variantText.Count];
        void AddPiece(string text, int variant, PieceKind kind)
        {
            pieceText.Add(text);
            pieceVariant.Add(variant);
            pieceKind.Add(kind);
        }

        for (int v = 0; v < variantText.Count; v++)
        {
            string text = variantText[v];
            AddPiece(text, v, PieceKind.Whole);
            if (LetterCount(text) < MarkMatcher.FuzzyMinLetters || text.Length > MaxFuzzyLength)
            {
                continue;
            }

            int h = text.Length / 2;
            if (char.IsLowSurrogate(text[h]))
            {
                h++;
            }

            variantHalf[v] = h;
            AddPiece(text[..h], v, PieceKind.Head);
            AddPiece(text[h..], v, PieceKind.Tail);
            char left = text[h - 1], right = text[h];
            if (left != right && !char.IsSurrogate(left) && !char.IsSurrogate(right))
            {
                AddPiece(string.Concat(text.AsSpan(0, h - 1), [right, left], text.AsSpan(h + 1)), v, PieceKind.Swapped);
            }
        }

        var tables = BuildAutomaton(pieceText);
        return new AhoCorasickMarkMatcher(tables with
        {
            Marks = [.. marks],
            Allowed = [.. allowed.Select(a => a.ToArray())],
            VariantText = [.. variantText],
            Pieces = [.. pieceVariant.Select((v, p) => new Piece(v, variantMark[v], pieceKind[p], variantHalf[v], variantText[v].Length))],
        });
    }

    /// <summary>Letters of a normalized mark (the stroke symbol is a letter; digits are not).</summary>
    private static int LetterCount(string normalized)
    {
        int letters = 0;
        foreach (Rune rune in normalized.EnumerateRunes())
        {
            if (Rune.IsLetter(rune) || rune.Value == MarkText.Stroke)
            {
                letters++;
            }
        }

        return letters;
    }

    private static Tables BuildAutomaton(List<string> patterns)
    {
        // Alphabet: every char occurring in a pattern, in order of first occurrence.
        var column = new Dictionary<char, int>();
        var surrogateSymbol = new Dictionary<char, int>();
        foreach (string pattern in patterns)
        {
            foreach (char c in pattern)
            {
                if (!column.ContainsKey(c))
                {
                    column.Add(c, column.Count);
                    if (char.IsSurrogate(c))
                    {
                        surrogateSymbol.Add(c, column[c]);
                    }
                }
            }
        }

        int letters = column.Count;
        int drop = letters, reset = letters + 1, slow = letters + 2, depthColumn = letters + 3;
        int stride = letters + 4;
        if (stride > ushort.MaxValue)
        {
            throw new ArgumentException("The marks use too many distinct characters.", nameof(patterns));
        }

        var symbolOf = new ushort[char.MaxValue + 1];
        char[] fold = MarkText.Fold;
        for (int c = 0; c <= char.MaxValue; c++)
        {
            char f = fold[c];
            symbolOf[c] = (ushort)(f == MarkText.Slow ? slow
                : f == '\0' ? drop
                : column.TryGetValue(f, out int symbol) ? symbol
                : reset);
        }

        // Trie, one dense row of `letters` children per state (-1: none); own patterns as linked lists.
        int capacity = 1024;
        var trie = new int[capacity * letters];
        trie.AsSpan().Fill(-1);
        var firstOwn = new List<int> { -1 };
        var nextOwn = new int[patterns.Count];
        int states = 1;
        for (int p = 0; p < patterns.Count; p++)
        {
            int state = 0;
            foreach (char c in patterns[p])
            {
                int cell = state * letters + column[c];
                if (trie[cell] < 0)
                {
                    if (states == capacity)
                    {
                        capacity *= 2;
                        if ((long)capacity * letters > Array.MaxLength)
                        {
                            throw new ArgumentException("The marks are too many or too long for one automaton.", nameof(patterns));
                        }

                        Array.Resize(ref trie, capacity * letters);
                        trie.AsSpan(states * letters).Fill(-1);
                    }

                    trie[cell] = states++;
                    firstOwn.Add(-1);
                }

                state = trie[cell];
            }

            nextOwn[p] = firstOwn[state];
            firstOwn[state] = p;
        }

        long cells = (long)states * stride;
        if (cells > Array.MaxLength)
        {
            throw new ArgumentException("The marks are too many or too long for one automaton.", nameof(patterns));
        }

        // Number states breadth first, so the shallow states, where a scan of ordinary text spends nearly all
        // its time, share a few kilobytes of the table instead of being spread over all of it.
        var order = new int[states];  // breadth-first position → trie state
        var number = new int[states]; // trie state → breadth-first position
        int queued = 1;
        for (int head = 0; head < queued; head++)
        {
            int row = order[head] * letters;
            for (int symbol = 0; symbol < letters; symbol++)
            {
                int child = trie[row + symbol];
                if (child >= 0)
                {
                    number[child] = queued;
                    order[queued++] = child;
                }
            }
        }

        // Failure links and the transition table, breadth first (a state's failure state is shallower, so its
        // row is complete when the state is processed). Entries are plain rows here, complemented below.
        var delta = new int[cells];
        var failure = new int[states];
        var dictionaryLink = new int[states];
        var depth = new int[states];
        var hasOwn = new bool[states];
        dictionaryLink[0] = -1;
        for (int s = 0; s < states; s++)
        {
            int trieRow = order[s] * letters;
            int row = s * stride;
            int failRow = failure[s] * stride;
            hasOwn[s] = firstOwn[order[s]] >= 0;
            for (int symbol = 0; symbol < letters; symbol++)
            {
                int child = trie[trieRow + symbol];
                if (child >= 0)
                {
                    int c = number[child];
                    int childFailure = s == 0 ? 0 : delta[failRow + symbol] / stride;
                    failure[c] = childFailure;
                    depth[c] = depth[s] + 1;
                    delta[row + symbol] = c * stride;
                }
                else
                {
                    delta[row + symbol] = s == 0 ? 0 : delta[failRow + symbol];
                }
            }

            if (s > 0)
            {
                int f = failure[s];
                dictionaryLink[s] = hasOwn[f] ? f : dictionaryLink[f];
            }

            delta[row + drop] = row; // not complemented: staying put reports nothing new
            delta[row + reset] = 0;
            delta[row + slow] = SlowEntry;
            delta[row + depthColumn] = depth[s];
        }

        var accepting = new bool[states];
        for (int s = 0; s < states; s++)
        {
            accepting[s] = hasOwn[s] || dictionaryLink[s] >= 0;
        }

        for (int s = 0; s < states; s++)
        {
            int row = s * stride;
            for (int symbol = 0; symbol < letters; symbol++)
            {
                int target = delta[row + symbol];
                if (accepting[target / stride])
                {
                    delta[row + symbol] = ~target;
                }
            }
        }

        // Outputs, grouped by state in breadth-first order, in registration order within a state.
        var outputStart = new int[states];
        var outputCount = new int[states];
        var outputPieces = new List<int>(patterns.Count);
        var own = new List<int>();
        for (int s = 0; s < states; s++)
        {
            outputStart[s] = outputPieces.Count;
            own.Clear();
            for (int p = firstOwn[order[s]]; p >= 0; p = nextOwn[p])
            {
                own.Add(p);
            }

            own.Reverse();
            outputPieces.AddRange(own);
            outputCount[s] = own.Count;
        }

        return new Tables([], [], [], [], symbolOf, surrogateSymbol, stride, delta, outputStart, outputCount,
            [.. outputPieces], dictionaryLink);
    }
}

/// <summary>Bounded edit distance (optimal string alignment: insertion, deletion, substitution, adjacent transposition).</summary>
internal static class EditDistance
{
    /// <summary>0 when equal, 1 when one edit apart, otherwise 2.</summary>
    public static int AtMostOne(ReadOnlySpan<char> a, ReadOnlySpan<char> b)
    {
        if (Math.Abs(a.Length - b.Length) > 1)
        {
            return 2;
        }

        int shorter = Math.Min(a.Length, b.Length);
        int prefix = a.CommonPrefixLength(b);
        if (prefix == a.Length && prefix == b.Length)
        {
            return 0;
        }

        int suffix = 0;
        while (suffix < shorter - prefix && a[a.Length - 1 - suffix] == b[b.Length - 1 - suffix])
        {
            suffix++;
        }

        int restA = a.Length - prefix - suffix;
        int restB = b.Length - prefix - suffix;
        if (restA <= 1 && restB <= 1)
        {
            return 1; // one substitution, insertion or deletion
        }

        return restA == 2 && restB == 2 && a[prefix] == b[prefix + 1] && a[prefix + 1] == b[prefix] ? 1 : 2;
    }
}
