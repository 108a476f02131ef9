using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Numerics;

namespace Enjoin.Screening.Images;

/// <summary>
/// A 256-bit PDQ hash. Text form: 64 lowercase hex digits, the reference's order — the hex string read
/// as one big-endian 256-bit number has bit <c>16·i + j</c> set when DCT coefficient (i, j) is above the median.
/// </summary>
public readonly record struct PdqHash(ulong Bits0, ulong Bits1, ulong Bits2, ulong Bits3)
{
    /// <summary>Hex digits of the text form.</summary>
    public const int HexLength = 64;

    /// <summary>DESIGN §4.5: images whose hashes differ in at most this many bits are near-duplicates.</summary>
    public const int NearDuplicateDistance = 31;

    /// <summary>Within <see cref="NearDuplicateDistance"/> of <paramref name="other"/>.</summary>
    public bool IsNearDuplicateOf(PdqHash other) => DistanceTo(other) <= NearDuplicateDistance;

    /// <summary>Hamming distance: how many of the 256 bits differ (0..256).</summary>
    public int DistanceTo(PdqHash other) =>
        BitOperations.PopCount(Bits0 ^ other.Bits0) + BitOperations.PopCount(Bits1 ^ other.Bits1) +
        BitOperations.PopCount(Bits2 ^ other.Bits2) + BitOperations.PopCount(Bits3 ^ other.Bits3);

    /// <summary>Hamming distance between two hashes (the index's form of <see cref="DistanceTo"/>).</summary>
    public static int Distance(PdqHash a, PdqHash b) => a.DistanceTo(b);

    /// <summary>Bit <paramref name="index"/> (0..255); bit 0 is the last hex digit's lowest bit.</summary>
    public bool this[int index]
    {
        get
        {
            ArgumentOutOfRangeException.ThrowIfNegative(index);
            ArgumentOutOfRangeException.ThrowIfGreaterThan(index, 255);
            var word = (index >> 6) switch { 0 => Bits0, 1 => Bits1, 2 => Bits2, _ => Bits3 };
            return ((word >> (index & 63)) & 1) != 0;
        }
    }

    /// <summary>Number of bits set (a PDQ hash of a non-flat image has about 128).</summary>
    public int PopCount =>
        BitOperations.PopCount(Bits0) + BitOperations.PopCount(Bits1) + BitOperations.PopCount(Bits2) + BitOperations.PopCount(Bits3);

    /// <summary>The 64 lowercase hex digits.</summary>
    public override string ToString() => string.Create(HexLength, this, static (chars, hash) =>
    {
        hash.Bits3.TryFormat(chars[..16], out _, "x16", CultureInfo.InvariantCulture);
        hash.Bits2.TryFormat(chars[16..32], out _, "x16", CultureInfo.InvariantCulture);
        hash.Bits1.TryFormat(chars[32..48], out _, "x16", CultureInfo.InvariantCulture);
        hash.Bits0.TryFormat(chars[48..], out _, "x16", CultureInfo.InvariantCulture);
    });

    /// <summary>Parses 64 hex digits (either case); anything else is refused.</summary>
    public static bool TryParse(ReadOnlySpan<char> text, out PdqHash hash)
    {
        hash = default;
        if (text.Length != HexLength) return false;
        if (!TryWord(text[..16], out var b3) || !TryWord(text[16..32], out var b2) ||
            !TryWord(text[32..48], out var b1) || !TryWord(text[48..], out var b0)) return false;
        hash = new PdqHash(b0, b1, b2, b3);
        return true;
    }

    /// <summary>Parses 64 hex digits; throws <see cref="FormatException"/> otherwise.</summary>
    public static PdqHash Parse(ReadOnlySpan<char> text) =>
        TryParse(text, out var hash) ? hash : throw new FormatException("a PDQ hash is 64 hexadecimal digits");

    public static bool TryParse([NotNullWhen(true)] string? text, out PdqHash hash)
    {
        hash = default;
        return text is not null && TryParse(text.AsSpan(), out hash);
    }

    // NumberStyles.AllowHexSpecifier alone: no sign, no whitespace, no "0x".
    static bool TryWord(ReadOnlySpan<char> digits, out ulong word) =>
        ulong.TryParse(digits, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out word);

    /// <summary>Sets bit <paramref name="index"/> of a hash being built (see <see cref="PdqHasher"/>).</summary>
    internal static void SetBit(Span<ulong> words, int index) => words[index >> 6] |= 1UL << (index & 63);
}
