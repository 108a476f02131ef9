using System.Buffers;
using System.Text;

namespace Enjoin.Screening;

/// <summary>
/// The text normalization marks and listings are compared under: case folding (invariant lower case),
/// diacritic removal (FormD decomposition with non-spacing marks dropped, via a precomputed table) and
/// removal of everything that is not a letter or a digit (spaces, hyphens, dots, underscores,
/// apostrophes, other punctuation and symbols, combining marks, lone surrogates).
/// </summary>
/// <remarks>
/// Every kept char of the input yields exactly one char of the output (a kept surrogate pair yields a
/// pair), which is what lets the matcher map a normalized position back to the original text.
/// </remarks>
public static partial class MarkText
{
    private const int StackLimit = 256;

    /// <summary>
    /// Fold table for every BMP char: the normalized char, or '\0' when the char is dropped.
    /// Surrogates map to '\0' here; callers handle surrogate pairs themselves (see <see cref="TryFoldPair"/>).
    /// </summary>
    internal static readonly char[] Fold = BuildFold();

    /// <summary>Returns the normalized form of <paramref name="text"/>: its folded letters and digits only.</summary>
    /// <example><c>Normalize("Squísh-Mallows™ 2")</c> is <c>"squishmallows2"</c>.</example>
    public static string Normalize(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.Length == 0)
        {
            return string.Empty;
        }

        char[]? rented = null;
        Span<char> buffer = text.Length <= StackLimit
            ? stackalloc char[StackLimit]
            : (rented = ArrayPool<char>.Shared.Rent(text.Length));
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

    /// <summary>Writes the normalized form of <paramref name="text"/> to <paramref name="destination"/>
    /// (which must be at least as long as the text) and returns the number of chars written.</summary>
    internal static int Normalize(ReadOnlySpan<char> text, Span<char> destination)
    {
        char[] fold = Fold;
        int n = 0;
        for (int i = 0; i < text.Length; i++)
        {
            char c = text[i];
            char f = fold[c];
            if (f != '\0')
            {
                destination[n++] = f;
            }
            else if (char.IsHighSurrogate(c) && i + 1 < text.Length && TryFoldPair(c, text[i + 1], out char high, out char low))
            {
                destination[n++] = high;
                destination[n++] = low;
                i++;
            }
            else if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                i++; // a valid pair that is not a letter or digit (emoji, symbols): dropped as a unit
            }
        }

        return n;
    }

    /// <summary>
    /// Folds a supplementary-plane char given as a surrogate pair. Returns false (drop it) unless the
    /// pair is valid and is a letter or digit; otherwise returns its invariant lower case as a pair.
    /// </summary>
    internal static bool TryFoldPair(char high, char low, out char foldedHigh, out char foldedLow)
    {
        foldedHigh = foldedLow = '\0';
        if (!char.IsHighSurrogate(high) || !char.IsLowSurrogate(low))
        {
            return false;
        }

        var rune = new Rune(high, low);
        if (!Rune.IsLetterOrDigit(rune))
        {
            return false;
        }

        int value = Rune.ToLowerInvariant(rune).Value;
        if (value < 0x10000)
        {
            // No supplementary letter lower-cases into the BMP today; keep the original pair if one ever does,
            // so the one-char-in, one-char-out invariant holds.
            foldedHigh = high;
            foldedLow = low;
            return true;
        }

        value -= 0x10000;
        foldedHigh = (char)(0xD800 + (value >> 10));
        foldedLow = (char)(0xDC00 + (value & 0x3FF));
        return true;
    }

    private static char[] BuildFold()
    {
        var fold = new char[char.MaxValue + 1];
        for (int c = 0; c <= char.MaxValue; c++)
        {
            char lower = char.ToLowerInvariant((char)c);
            fold[c] = char.IsLetterOrDigit(lower) ? lower : '\0';
        }

        string pairs = DecompositionPairs;
        for (int i = 0; i < pairs.Length; i += 2)
        {
            fold[pairs[i]] = pairs[i + 1];
        }

        return fold;
    }
}
