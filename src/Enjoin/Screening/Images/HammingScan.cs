using System.Numerics;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Enjoin.Screening.Images;

/// <summary>
/// Linear scans of a range of <see cref="HashColumns{TPayload}"/>, appending every entry within the radius
/// (in entry order). Both kernels reject on the first two words when they alone differ by more than the
/// radius — a lower bound of the distance — so on random data the last two columns are hardly read and the
/// scan moves half the memory (the scan is memory-bound at 1,000,000 entries; bench/RESULTS.md).
/// </summary>
internal static class HammingScan
{
    /// <summary>The widest vector kernel this CPU runs: 512 (AVX-512BW, 8 hashes a step), 256 (AVX2, 4), or 0.</summary>
    public static int VectorWidth => Vector512.IsHardwareAccelerated && Avx512BW.IsSupported ? 512 : Avx2.IsSupported ? 256 : 0;

    // Bits set in each nibble value: the lookup table of the in-register byte popcount (pshufb).
    static readonly Vector256<byte> NibbleBits256 = Vector256.Create(
        Vector128.Create((byte)0, 1, 1, 2, 1, 2, 2, 3, 1, 2, 2, 3, 2, 3, 3, 4));

    static readonly Vector512<byte> NibbleBits512 = Vector512.Create(NibbleBits256, NibbleBits256);

    /// <summary>BitOperations.PopCount (hardware popcnt) one entry at a time.</summary>
    public static void Scalar<TPayload>(HashColumns<TPayload> columns, int from, int to, PdqHash query, int radius, List<NearDuplicate<TPayload>> results)
    {
        var n = to - from;
        ReadOnlySpan<ulong> w0 = columns.Bits0.AsSpan(from, n);
        ReadOnlySpan<ulong> w1 = columns.Bits1.AsSpan(from, n);
        ReadOnlySpan<ulong> w2 = columns.Bits2.AsSpan(from, n);
        ReadOnlySpan<ulong> w3 = columns.Bits3.AsSpan(from, n);
        for (var i = 0; i < w0.Length; i++)
        {
            var distance = BitOperations.PopCount(w0[i] ^ query.Bits0) + BitOperations.PopCount(w1[i] ^ query.Bits1);
            if (distance > radius) continue;
            distance += BitOperations.PopCount(w2[i] ^ query.Bits2) + BitOperations.PopCount(w3[i] ^ query.Bits3);
            if (distance <= radius) Found(columns, from + i, distance, results);
        }
    }

    /// <summary>
    /// XOR and a byte-wise popcount by nibble lookup (there is no vector popcount instruction in .NET's x86
    /// intrinsics), summed per 64-bit lane by SAD against zero: 8 (AVX-512) or 4 (AVX2) hashes a step.
    /// </summary>
    /// <param name="width">512 or 256, at most <see cref="VectorWidth"/> (anything else scans with the scalar kernel).</param>
    public static void Vector<TPayload>(HashColumns<TPayload> columns, int from, int to, PdqHash query, int radius, List<NearDuplicate<TPayload>> results, int width)
    {
        var n = to - from;
        ReadOnlySpan<ulong> w0 = columns.Bits0.AsSpan(from, n);
        ReadOnlySpan<ulong> w1 = columns.Bits1.AsSpan(from, n);
        ReadOnlySpan<ulong> w2 = columns.Bits2.AsSpan(from, n);
        ReadOnlySpan<ulong> w3 = columns.Bits3.AsSpan(from, n);
        var i = 0;
        width = Math.Min(width, VectorWidth);
        if (width == 512)
        {
            var q0 = Vector512.Create(query.Bits0);
            var q1 = Vector512.Create(query.Bits1);
            var q2 = Vector512.Create(query.Bits2);
            var q3 = Vector512.Create(query.Bits3);
            var r = Vector512.Create((ulong)radius);
            for (; i <= n - 8; i += 8)
            {
                var bits = BitsPerByte(Vector512.Create(w0[i..]) ^ q0) + BitsPerByte(Vector512.Create(w1[i..]) ^ q1);
                if (!Vector512.LessThanOrEqualAny(SumPerLane(bits), r)) continue;
                bits += BitsPerByte(Vector512.Create(w2[i..]) ^ q2) + BitsPerByte(Vector512.Create(w3[i..]) ^ q3);
                var distances = SumPerLane(bits);
                var within = Vector512.LessThanOrEqual(distances, r).ExtractMostSignificantBits();
                for (; within != 0; within &= within - 1)
                {
                    var lane = BitOperations.TrailingZeroCount(within);
                    Found(columns, from + i + lane, (int)distances.GetElement(lane), results);
                }
            }
        }
        else if (width == 256)
        {
            var q0 = Vector256.Create(query.Bits0);
            var q1 = Vector256.Create(query.Bits1);
            var q2 = Vector256.Create(query.Bits2);
            var q3 = Vector256.Create(query.Bits3);
            var r = Vector256.Create((ulong)radius);
            for (; i <= n - 4; i += 4)
            {
                var bits = BitsPerByte(Vector256.Create(w0[i..]) ^ q0) + BitsPerByte(Vector256.Create(w1[i..]) ^ q1);
                if (!Vector256.LessThanOrEqualAny(SumPerLane(bits), r)) continue;
                bits += BitsPerByte(Vector256.Create(w2[i..]) ^ q2) + BitsPerByte(Vector256.Create(w3[i..]) ^ q3);
                var distances = SumPerLane(bits);
                var within = Vector256.LessThanOrEqual(distances, r).ExtractMostSignificantBits();
                for (; within != 0; within &= within - 1)
                {
                    var lane = BitOperations.TrailingZeroCount(within);
                    Found(columns, from + i + lane, (int)distances.GetElement(lane), results);
                }
            }
        }

        if (i < n) Scalar(columns, from + i, to, query, radius, results);
    }

    static void Found<TPayload>(HashColumns<TPayload> columns, int entry, int distance, List<NearDuplicate<TPayload>> results) =>
        results.Add(new NearDuplicate<TPayload>(columns.Hash(entry), columns.Payloads[entry], distance, entry));

    static Vector512<byte> BitsPerByte(Vector512<ulong> value)
    {
        var nibbles = Vector512.Create((byte)0x0F);
        var bytes = value.AsByte();
        var high = Vector512.ShiftRightLogical(value, 4).AsByte();
        return Avx512BW.Shuffle(NibbleBits512, bytes & nibbles) + Avx512BW.Shuffle(NibbleBits512, high & nibbles);
    }

    static Vector256<byte> BitsPerByte(Vector256<ulong> value)
    {
        var nibbles = Vector256.Create((byte)0x0F);
        var bytes = value.AsByte();
        var high = Vector256.ShiftRightLogical(value, 4).AsByte();
        return Avx2.Shuffle(NibbleBits256, bytes & nibbles) + Avx2.Shuffle(NibbleBits256, high & nibbles);
    }

    // Byte counts are at most 8 per word, so 32 for four words: no byte overflows before the sum.
    static Vector512<ulong> SumPerLane(Vector512<byte> bits) => Avx512BW.SumAbsoluteDifferences(bits, Vector512<byte>.Zero).AsUInt64();

    static Vector256<ulong> SumPerLane(Vector256<byte> bits) => Avx2.SumAbsoluteDifferences(bits, Vector256<byte>.Zero).AsUInt64();
}
