using System.Buffers;
using System.Buffers.Binary;
using System.Numerics;

namespace Enjoin.Screening.Images;

/// <summary>
/// A 256-bit image hash (a PDQ hash, DESIGN §4.5) as four 64-bit words: <see cref="W0"/> holds the first
/// 16 hex digits, most significant first. A stand-in until the hasher's <c>PdqHash</c> lands; the two will
/// be unified.
/// </summary>
public readonly record struct Hash256(ulong W0, ulong W1, ulong W2, ulong W3)
{
    /// <summary>Length of the text form: 64 hexadecimal digits.</summary>
    public const int HexLength = 64;

    /// <summary>Parses 64 hexadecimal digits (either case). Throws <see cref="FormatException"/> otherwise.</summary>
    public static Hash256 Parse(ReadOnlySpan<char> hex) =>
        TryParse(hex, out var hash) ? hash : throw new FormatException("A 256-bit hash is 64 hexadecimal digits.");

    /// <summary>Parses 64 hexadecimal digits (either case); false for anything else (no whitespace, no prefix).</summary>
    public static bool TryParse(ReadOnlySpan<char> hex, out Hash256 hash)
    {
        Span<byte> bytes = stackalloc byte[32];
        if (hex.Length != HexLength
            || Convert.FromHexString(hex, bytes, out _, out var written) != OperationStatus.Done || written != 32)
        {
            hash = default;
            return false;
        }

        hash = new Hash256(
            BinaryPrimitives.ReadUInt64BigEndian(bytes),
            BinaryPrimitives.ReadUInt64BigEndian(bytes[8..]),
            BinaryPrimitives.ReadUInt64BigEndian(bytes[16..]),
            BinaryPrimitives.ReadUInt64BigEndian(bytes[24..]));
        return true;
    }

    /// <summary>Hamming distance: the number of bits in which the two hashes differ (0–256).</summary>
    public static int Distance(Hash256 a, Hash256 b) =>
        BitOperations.PopCount(a.W0 ^ b.W0) + BitOperations.PopCount(a.W1 ^ b.W1)
        + BitOperations.PopCount(a.W2 ^ b.W2) + BitOperations.PopCount(a.W3 ^ b.W3);

    /// <summary>The 64 lowercase hexadecimal digits.</summary>
    public override string ToString()
    {
        Span<byte> bytes = stackalloc byte[32];
        BinaryPrimitives.WriteUInt64BigEndian(bytes, W0);
        BinaryPrimitives.WriteUInt64BigEndian(bytes[8..], W1);
        BinaryPrimitives.WriteUInt64BigEndian(bytes[16..], W2);
        BinaryPrimitives.WriteUInt64BigEndian(bytes[24..], W3);
        return Convert.ToHexStringLower(bytes);
    }
}
