using System.Collections.ObjectModel;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Enjoin.Screening;

/// <summary>Builds <see cref="IMarkMatcher"/>s.</summary>
public static class MarkMatcher
{
    /// <summary>
    /// Compiles every mark into one Aho–Corasick automaton; no regex per mark. Marks that are blank, or
    /// that normalize to nothing (e.g. "---"), are ignored; exact duplicates are kept once.
    /// </summary>
    public static IMarkMatcher Compile(IEnumerable<string> marks)
    {
        ArgumentNullException.ThrowIfNull(marks);
        return AhoCorasickMarkMatcher.Build(marks);
    }
}

/// <summary>
/// Aho–Corasick automaton over the normalized char stream of a field (see <see cref="MarkText"/>).
/// </summary>
/// <remarks>
/// <para>
/// Matching is substring matching over the normalized text. Because separators and punctuation are
/// removed before matching, "Squish Mallows", "squish-mallows" and "SQUISH.MALLOWS" all match
/// SQUISHMALLOWS, while "marshmallow" and "squishy" do not (the normalized text does not contain
/// "squishmallows"). A mark inside a longer run of letters ("bestsquishmallowsever") DOES match: there
/// are no word boundaries after normalization. That is the accepted product design: a mark hidden by
/// gluing words to it is still a mark; the cost is that a short mark can match inside an unrelated word,
/// which is for mark registration (and later review) to deal with, not for the matcher.
/// </para>
/// <para>
/// Normalization is not materialized: the scan reads the original string char by char and maps each char
/// through one 64K-entry table straight to an automaton symbol (or "drop" / "reset"), so the hot loop is
/// two table lookups per char and allocates nothing. Dense rows cover [a-z0-9] plus every other char that
/// occurs in some mark; a letter or digit that occurs in no mark sends the automaton back to the root.
/// Each kept char of the original is one normalized char, so the original span of a match is recovered by
/// walking back from its last char until the mark's normalized length has been counted.
/// </para>
/// <para>Instances are immutable and safe to share between threads.</para>
/// </remarks>
internal sealed class AhoCorasickMarkMatcher : IMarkMatcher
{
    // Table entry of the surrogate column: take the slow path, which folds the pair. Distinct from every
    // complemented row (~row is int.MinValue only for row == int.MaxValue).
    private const int SurrogateEntry = int.MinValue;

    private const int AsciiSymbols = 36; // a-z, 0-9

    // Texts at least this long are scanned by MayMatch as two interleaved halves.
    private const int SplitLength = 32;

    private readonly string[] _marks;
    private readonly ReadOnlyCollection<string> _marksView;
    private readonly int[] _markLength;          // normalized length of each mark, in chars
    private readonly ushort[] _symbolOf;         // char → symbol (column of _delta)
    private readonly Dictionary<char, int> _surrogateSymbol; // surrogate chars that occur in marks
    private readonly int _stride;
    private readonly int _dropSymbol;  // column of separators and punctuation
    private readonly int _depthColumn; // column holding the state's depth (trie prefix length), not a symbol

    // _delta[row + symbol] is the next state's row (state * stride), complemented (~row) when the next
    // state has an output (its own mark or one reachable through its dictionary suffix link).
    // Columns: [a-z0-9], the other chars occurring in marks, then three special columns so that the hot
    // loop has a single, rarely taken branch: "drop" (separators, punctuation: stay in the same state),
    // "reset" (a letter or digit occurring in no mark: back to the root) and "surrogate" (SurrogateEntry).
    // A last column, never indexed by a symbol, holds the state's depth, for the split scan of MayMatch.
    private readonly int[] _delta;
    private readonly int[] _outputStart; // per state: first index into _outputMarks of its own marks
    private readonly int[] _outputCount; // per state: how many marks end exactly here
    private readonly int[] _outputMarks; // mark indices, grouped by state
    private readonly int[] _dictionaryLink; // per state: nearest proper suffix state with own marks, or -1

    private AhoCorasickMarkMatcher(
        string[] marks,
        int[] markLength,
        ushort[] symbolOf,
        Dictionary<char, int> surrogateSymbol,
        int stride,
        int[] delta,
        int[] outputStart,
        int[] outputCount,
        int[] outputMarks,
        int[] dictionaryLink)
    {
        _marks = marks;
        _marksView = new ReadOnlyCollection<string>(marks);
        _markLength = markLength;
        _symbolOf = symbolOf;
        _surrogateSymbol = surrogateSymbol;
        _stride = stride;
        _dropSymbol = stride - 4;
        _depthColumn = stride - 1;
        _delta = delta;
        _outputStart = outputStart;
        _outputCount = outputCount;
        _outputMarks = outputMarks;
        _dictionaryLink = dictionaryLink;
    }

    public IReadOnlyList<string> Marks => _marksView;

    internal int StateCount => _outputCount.Length;

    public MarkMatch? FirstMatch(string? title, string? description, string? brand)
    {
        // Nearly every listing matches nothing: answer that with the fast yes/no scan, and run the exact
        // scan (which finds the first match and its span) only when it says yes.
        if ((title is null || !MayMatch(title))
            && (description is null || !MayMatch(description))
            && (brand is null || !MayMatch(brand)))
        {
            return null;
        }

        MarkMatch match = default;
        if ((title is not null && Scan(title, ListingField.Title, null, ref match))
            || (description is not null && Scan(description, ListingField.Description, null, ref match))
            || (brand is not null && Scan(brand, ListingField.Brand, null, ref match)))
        {
            return match;
        }

        return null;
    }

    public IReadOnlyList<MarkMatch> AllMatches(string? title, string? description, string? brand)
    {
        var all = new List<MarkMatch>();
        MarkMatch unused = default;
        if (title is not null)
        {
            Scan(title, ListingField.Title, all, ref unused);
        }

        if (description is not null)
        {
            Scan(description, ListingField.Description, all, ref unused);
        }

        if (brand is not null)
        {
            Scan(brand, ListingField.Brand, all, ref unused);
        }

        return all.Count == 0 ? Array.Empty<MarkMatch>() : all;
    }

    /// <summary>
    /// Runs the automaton over one field. With <paramref name="all"/> null, stops at the first match and
    /// returns true with it in <paramref name="first"/>; otherwise adds every match to <paramref name="all"/>
    /// and returns false.
    /// </summary>
    private bool Scan(string text, ListingField field, List<MarkMatch>? all, ref MarkMatch first)
    {
        ref ushort symbolOf = ref MemoryMarshal.GetArrayDataReference(_symbolOf);
        ref int delta = ref MemoryMarshal.GetArrayDataReference(_delta);
        int row = 0;
        for (int i = 0; i < text.Length; i++)
        {
            // _symbolOf has 65,536 entries, so any char indexes it; row < StateCount * stride and
            // every symbol < stride, by construction.
            int next = Unsafe.Add(ref delta, row + Unsafe.Add(ref symbolOf, text[i]));
            if (next >= 0)
            {
                row = next;
                continue;
            }

            if (next == SurrogateEntry)
            {
                if (ScanPair(text, ref i, ref row, field, all, ref first))
                {
                    return true;
                }

                continue;
            }

            row = ~next;
            if (Report(text, i, row, field, all, ref first))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// Fast test: false only when no mark occurs in <paramref name="text"/>. True when one does, and also
    /// (conservatively) when the text holds a surrogate, which the exact scan then deals with.
    /// </summary>
    /// <remarks>
    /// A table-driven automaton is one long chain of dependent loads (each step needs the previous state),
    /// so it runs at memory latency, not at the speed of the CPU. Longer texts are therefore split in two
    /// halves scanned in lockstep, two independent chains the CPU overlaps. The second half starts at the
    /// root, so it misses matches that begin in the first half; the first chain therefore continues past
    /// the split until its state is no deeper than the number of chars kept since the split. From there
    /// its state (the longest suffix of the text read that is a prefix of some mark) lies entirely after
    /// the split, so it equals the second chain's state, and whatever remains the second chain has seen.
    /// </remarks>
    private bool MayMatch(string text)
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
                int nextA = Unsafe.Add(ref delta, a + Unsafe.Add(ref symbolOf, text[i]));
                int nextB = Unsafe.Add(ref delta, b + Unsafe.Add(ref symbolOf, text[j]));
                if ((nextA | nextB) < 0)
                {
                    return true;
                }

                a = nextA;
                b = nextB;
            }

            if (j < length)
            {
                int nextB = Unsafe.Add(ref delta, b + Unsafe.Add(ref symbolOf, text[j]));
                if (nextB < 0)
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
                    return true;
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
                return true;
            }

            a = next;
        }

        return false;
    }

    /// <summary>Slow path for a surrogate at <paramref name="i"/>: a valid letter/digit pair feeds two symbols.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private bool ScanPair(string text, ref int i, ref int row, ListingField field, List<MarkMatch>? all, ref MarkMatch first)
    {
        if (!char.IsHighSurrogate(text[i]) || i + 1 >= text.Length || !char.IsLowSurrogate(text[i + 1]))
        {
            return false; // lone surrogate: dropped, as MarkText.Normalize does
        }

        bool kept = MarkText.TryFoldPair(text[i], text[i + 1], out char high, out char low);
        i++;
        if (!kept)
        {
            return false; // emoji or other non-letter: dropped as a unit
        }

        if (!_surrogateSymbol.TryGetValue(high, out int highSymbol) || !_surrogateSymbol.TryGetValue(low, out int lowSymbol))
        {
            row = 0;
            return false;
        }

        // No mark ends with a high surrogate, so only the low half can complete a match.
        int next = _delta[row + highSymbol];
        row = next >= 0 ? next : ~next;
        next = _delta[row + lowSymbol];
        if (next >= 0)
        {
            row = next;
            return false;
        }

        row = ~next;
        return Report(text, i, row, field, all, ref first);
    }

    /// <summary>Reports the marks ending at original index <paramref name="end"/> in state row <paramref name="row"/>.</summary>
    private bool Report(string text, int end, int row, ListingField field, List<MarkMatch>? all, ref MarkMatch first)
    {
        // Own marks first (the longest ending here), then shorter ones through dictionary suffix links.
        for (int state = row / _stride; state >= 0; state = _dictionaryLink[state])
        {
            int from = _outputStart[state];
            int to = from + _outputCount[state];
            for (int k = from; k < to; k++)
            {
                int mark = _outputMarks[k];
                int start = OriginalStart(text, end, _markLength[mark]);
                var match = new MarkMatch(_marks[mark], field, start, end - start + 1);
                if (all is null)
                {
                    first = match;
                    return true;
                }

                all.Add(match);
            }
        }

        return false;
    }

    /// <summary>
    /// Index in the original text of the char that produced the first of the <paramref name="length"/>
    /// normalized chars ending at original index <paramref name="end"/>: walks back counting kept chars,
    /// folding exactly as the forward scan does.
    /// </summary>
    private static int OriginalStart(string text, int end, int length)
    {
        char[] fold = MarkText.Fold;
        int remaining = length;
        int j = end;
        while (true)
        {
            char c = text[j];
            if (char.IsLowSurrogate(c) && j > 0 && char.IsHighSurrogate(text[j - 1]))
            {
                if (MarkText.TryFoldPair(text[j - 1], c, out _, out _))
                {
                    remaining -= 2;
                    if (remaining <= 0)
                    {
                        return j - 1;
                    }
                }

                j -= 2;
                continue;
            }

            if (fold[c] != '\0' && --remaining == 0)
            {
                return j;
            }

            j--;
        }
    }

    internal static AhoCorasickMarkMatcher Build(IEnumerable<string> source)
    {
        // Registered marks (deduplicated, blank ones dropped) and their normalized forms.
        var marks = new List<string>();
        var normalized = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (string mark in source)
        {
            if (string.IsNullOrWhiteSpace(mark) || !seen.Add(mark))
            {
                continue;
            }

            string norm = MarkText.Normalize(mark);
            if (norm.Length == 0)
            {
                continue;
            }

            marks.Add(mark);
            normalized.Add(norm);
        }

        // Alphabet: a-z, 0-9, then every other char occurring in a normalized mark.
        var extraSymbol = new Dictionary<char, int>();
        var surrogateSymbol = new Dictionary<char, int>();
        foreach (string norm in normalized)
        {
            foreach (char c in norm)
            {
                if (AsciiSymbol(c) < 0 && !extraSymbol.ContainsKey(c))
                {
                    int symbol = AsciiSymbols + extraSymbol.Count;
                    extraSymbol.Add(c, symbol);
                    if (char.IsSurrogate(c))
                    {
                        surrogateSymbol.Add(c, symbol);
                    }
                }
            }
        }

        int letters = AsciiSymbols + extraSymbol.Count;
        int drop = letters, reset = letters + 1, surrogate = letters + 2, depthColumn = letters + 3;
        int stride = letters + 4;
        if (stride > ushort.MaxValue)
        {
            throw new ArgumentException("The marks use too many distinct characters.", nameof(source));
        }

        var symbolOf = new ushort[char.MaxValue + 1];
        char[] fold = MarkText.Fold;
        for (int c = 0; c <= char.MaxValue; c++)
        {
            char f = fold[c];
            int ascii = AsciiSymbol(f);
            symbolOf[c] = (ushort)(char.IsSurrogate((char)c) ? surrogate
                : f == '\0' ? drop
                : ascii >= 0 ? ascii
                : extraSymbol.TryGetValue(f, out int extra) ? extra
                : reset);
        }

        // Trie.
        var children = new List<Dictionary<int, int>> { new() };
        var ownMarks = new List<List<int>?> { null };
        var depth = new List<int> { 0 };
        for (int m = 0; m < normalized.Count; m++)
        {
            int state = 0;
            foreach (char c in normalized[m])
            {
                int symbol = AsciiSymbol(c);
                if (symbol < 0)
                {
                    symbol = extraSymbol[c];
                }

                if (!children[state].TryGetValue(symbol, out int child))
                {
                    child = children.Count;
                    children.Add(new Dictionary<int, int>());
                    ownMarks.Add(null);
                    depth.Add(depth[state] + 1);
                    children[state].Add(symbol, child);
                }

                state = child;
            }

            (ownMarks[state] ??= new List<int>()).Add(m);
        }

        // Failure links and the dense transition table, breadth first (a state's failure state is
        // shallower, so its row is complete when the state is processed).
        int stateCount = children.Count;
        long cells = (long)stateCount * stride;
        if (cells > Array.MaxLength)
        {
            throw new ArgumentException("The marks are too many or too long for one automaton.", nameof(source));
        }

        var next = new int[cells];
        var failure = new int[stateCount];
        var dictionaryLink = new int[stateCount];
        dictionaryLink[0] = -1;
        var breadthFirst = new int[stateCount]; // trie states in breadth-first order
        int queued = 1, head = 0;
        while (head < queued)
        {
            int state = breadthFirst[head++];
            int row = state * stride;
            int failRow = failure[state] * stride;
            for (int symbol = 0; symbol < letters; symbol++)
            {
                if (children[state].TryGetValue(symbol, out int child))
                {
                    int childFailure = state == 0 ? 0 : next[failRow + symbol];
                    failure[child] = childFailure;
                    dictionaryLink[child] = ownMarks[childFailure] is not null ? childFailure : dictionaryLink[childFailure];
                    next[row + symbol] = child;
                    breadthFirst[queued++] = child;
                }
                else
                {
                    next[row + symbol] = state == 0 ? 0 : next[failRow + symbol];
                }
            }
        }

        // Renumber states breadth first, so the shallow states, where a scan of ordinary text spends
        // nearly all its time, share a few kilobytes of the table instead of being spread over all of it.
        var renumbered = new int[stateCount];
        for (int k = 0; k < stateCount; k++)
        {
            renumbered[breadthFirst[k]] = k;
        }

        // Outputs, and the encoded table: target row, complemented when the target reports something.
        var outputStart = new int[stateCount];
        var outputCount = new int[stateCount];
        var outputMarks = new List<int>();
        var newDictionaryLink = new int[stateCount];
        var accepting = new bool[stateCount]; // by old number
        for (int k = 0; k < stateCount; k++)
        {
            int state = breadthFirst[k];
            outputStart[k] = outputMarks.Count;
            if (ownMarks[state] is { } own)
            {
                outputCount[k] = own.Count;
                outputMarks.AddRange(own);
            }

            newDictionaryLink[k] = dictionaryLink[state] < 0 ? -1 : renumbered[dictionaryLink[state]];
            accepting[state] = ownMarks[state] is not null || dictionaryLink[state] >= 0;
        }

        var delta = new int[cells];
        for (int state = 0; state < stateCount; state++)
        {
            int oldRow = state * stride;
            int newRow = renumbered[state] * stride;
            for (int symbol = 0; symbol < letters; symbol++)
            {
                int target = next[oldRow + symbol];
                int targetRow = renumbered[target] * stride;
                delta[newRow + symbol] = accepting[target] ? ~targetRow : targetRow;
            }

            delta[newRow + drop] = newRow; // not complemented: staying put reports nothing new
            delta[newRow + reset] = 0;
            delta[newRow + surrogate] = SurrogateEntry;
            delta[newRow + depthColumn] = depth[state];
        }

        var markLength = new int[normalized.Count];
        for (int m = 0; m < normalized.Count; m++)
        {
            markLength[m] = normalized[m].Length;
        }

        return new AhoCorasickMarkMatcher(
            marks.ToArray(),
            markLength,
            symbolOf,
            surrogateSymbol,
            stride,
            delta,
            outputStart,
            outputCount,
            outputMarks.ToArray(),
            newDictionaryLink);
    }

    private static int AsciiSymbol(char c) =>
        c is >= 'a' and <= 'z' ? c - 'a'
        : c is >= '0' and <= '9' ? 26 + (c - '0')
        : -1;
}
