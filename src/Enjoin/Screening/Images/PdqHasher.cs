using System.Buffers;
using System.Numerics;
using System.Runtime.InteropServices;

namespace Enjoin.Screening.Images;

/// <summary>A PDQ hash and its quality (0..100: how much the image has in it to hash).</summary>
public readonly record struct PdqResult(PdqHash Hash, int Quality)
{
    /// <summary>DESIGN §4.5: hashes of lower quality are ignored — a flat or near-blank image hashes to noise.</summary>
    public const int MinQuality = 50;

    /// <summary>Good enough for screening to use (<see cref="MinQuality"/> or more).</summary>
    public bool IsUsable => Quality >= MinQuality;

    public override string ToString() => $"{Hash} quality {Quality}";
}

/// <summary>
/// Meta's PDQ perceptual hash (ThreatExchange pdq/, BSD), computed the reference's way step by step and in
/// single precision like its C++ and Java hashers: luma with the Rec. 601 weights; two passes of a box filter
/// along rows then columns (a tent filter, Jarosz 2001) with a window of ⌈size/128⌉; decimation to 64×64 at
/// pixel centres; the 16×16 low-frequency block of a DCT-II (frequencies 1..16 in each direction); one bit per
/// coefficient above the median. Quality is the reference's gradient heuristic on the 64×64 image, capped at 100.
/// <see cref="FromRgb"/> first reduces an image over 512 px as the reference's hasher does (<see cref="PdqThumbnail"/>,
/// decision 009); <see cref="FromLuma"/> is the algorithm alone. Pure: no I/O, and buffers come from the array pool.
/// </summary>
public static class PdqHasher
{
    /// <summary>Images narrower or lower than this hash to all zeros with quality 0, as in the reference.</summary>
    public const int MinDimension = 5;

    const int Decimated = 64;
    const int Coefficients = 16;
    const int WindowDivisor = 2 * Decimated;
    const int TentPasses = 2;

    // From the reference: standard RGB to luminance (the Y of YUV).
    const float LumaR = 0.299f, LumaG = 0.587f, LumaB = 0.114f;

    /// <summary>
    /// Rows 1..16 of the 64-point DCT-II, row-major 16×64: D[i][j] = √(2/64)·cos(π/128·(i+1)·(2j+1)), rounded to
    /// float as the reference does (a float scale times a double cosine).
    /// </summary>
    static readonly float[] Dct = BuildDct();

    static float[] BuildDct()
    {
        var scale = (float)Math.Sqrt(2.0 / Decimated);
        var matrix = new float[Coefficients * Decimated];
        for (var i = 0; i < Coefficients; i++)
            for (var j = 0; j < Decimated; j++)
                matrix[i * Decimated + j] = (float)(scale * Math.Cos(Math.PI / 2.0 / Decimated * (i + 1) * (2 * j + 1)));
        return matrix;
    }

    /// <summary>
    /// Hashes packed 8-bit RGB pixels (3 bytes a pixel, rows top to bottom, no padding) the way the reference
    /// hashes a decoded image: reduced to fit 512×512 first (<see cref="PdqThumbnail"/>) when larger, then PDQ.
    /// <see cref="PdqImage.Hash"/> is the same from an encoded file (and decodes large JPEGs at reduced scale
    /// as the reference does, which this method, given full-size pixels, cannot).
    /// </summary>
    public static PdqResult FromRgb(ReadOnlySpan<byte> rgb, int width, int height)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(rgb.Length, CheckedPixels(width, height) * 3L, nameof(rgb));
        return FromPixels(rgb, width, height, width, height, PdqThumbnail.Size(width, height), ResizeKind.Smooth);
    }

    /// <summary>
    /// Hashes decoded pixels that stand for <paramref name="sourceWidth"/>×<paramref name="sourceHeight"/> units of the
    /// picture, after reducing them to <paramref name="target"/> (nothing is resized when they already have that size).
    /// </summary>
    internal static PdqResult FromPixels(ReadOnlySpan<byte> rgb, int width, int height, double sourceWidth, double sourceHeight,
        (int Width, int Height) target, ResizeKind kind)
    {
        if (target.Width == width && target.Height == height && sourceWidth == width && sourceHeight == height)
            return FromFullRgb(rgb, width, height);
        var reduced = PdqThumbnail.Resize(rgb, width, height, sourceWidth, sourceHeight, target.Width, target.Height, kind);
        try { return FromFullRgb(reduced, target.Width, target.Height); }
        finally { ArrayPool<byte>.Shared.Return(reduced); }
    }

    /// <summary>PDQ of RGB pixels as they are: luma, then <see cref="FromLuma"/>.</summary>
    static PdqResult FromFullRgb(ReadOnlySpan<byte> rgb, int width, int height)
    {
        var pixels = (int)CheckedPixels(width, height);
        if (width < MinDimension || height < MinDimension) return default;
        var buffer = ArrayPool<float>.Shared.Rent(pixels);
        try
        {
            var luma = buffer.AsSpan(0, pixels);
            for (int p = 0, q = 0; p < luma.Length; p++, q += 3)
                luma[p] = LumaR * rgb[q] + LumaG * rgb[q + 1] + LumaB * rgb[q + 2];
            return FromLuma(luma, width, height);
        }
        finally { ArrayPool<float>.Shared.Return(buffer); }
    }

    /// <summary>
    /// The PDQ algorithm proper, on a luma plane (row-major, <paramref name="width"/>×<paramref name="height"/>,
    /// values 0..255) at whatever size it is given: no reduction first. The plane is used as scratch.
    /// </summary>
    public static PdqResult FromLuma(Span<float> luma, int width, int height)
    {
        var pixels = CheckedPixels(width, height);
        ArgumentOutOfRangeException.ThrowIfLessThan(luma.Length, pixels, nameof(luma));
        if (width < MinDimension || height < MinDimension) return default;
        luma = luma[..(int)pixels];

        var scratch = ArrayPool<float>.Shared.Rent((int)pixels);
        var columnSums = ArrayPool<float>.Shared.Rent(width);
        try
        {
            var other = scratch.AsSpan(0, (int)pixels);
            int rowWindow = WindowSize(width), columnWindow = WindowSize(height);
            for (var pass = 0; pass < TentPasses; pass++)
            {
                for (var row = 0; row < height; row++)
                    BoxAlongRow(luma.Slice(row * width, width), other.Slice(row * width, width), rowWindow);
                BoxAlongColumns(other, luma, width, height, columnWindow, columnSums.AsSpan(0, width));
            }

            Span<float> block = stackalloc float[Decimated * Decimated];
            Decimate(luma, width, height, block);
            var quality = Quality(block);
            Span<float> dct = stackalloc float[Coefficients * Coefficients];
            Dct64To16(block, dct);
            return new PdqResult(Threshold(dct), quality);
        }
        finally
        {
            ArrayPool<float>.Shared.Return(columnSums);
            ArrayPool<float>.Shared.Return(scratch);
        }
    }

    static long CheckedPixels(int width, int height)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(width);
        ArgumentOutOfRangeException.ThrowIfNegative(height);
        var pixels = (long)width * height;
        ArgumentOutOfRangeException.ThrowIfGreaterThan(pixels, Array.MaxLength, nameof(width));
        return pixels;
    }

    /// <summary>Half of a 64th of the side per pass, rounded up: two passes then cover a whole 64th.</summary>
    internal static int WindowSize(int side) => (side + WindowDivisor - 1) / WindowDivisor;

    /// <summary>
    /// The reference's 1-D box filter, centred, with a window that shrinks at the ends (the mean of what is
    /// inside the image): accumulate, write with a growing window, slide, write with a shrinking window.
    /// </summary>
    internal static void BoxAlongRow(ReadOnlySpan<float> input, Span<float> output, int window)
    {
        var half = (window + 2) / 2; // 7 → 4, 8 → 5
        int left = 0, right = 0, written = 0, count = 0;
        var sum = 0f;
        for (var i = 0; i < half - 1; i++, right++, count++) sum += input[right];
        for (var i = 0; i < window - half + 1; i++, right++)
        {
            sum += input[right];
            count++;
            output[written++] = sum / count;
        }
        for (var i = 0; i < input.Length - window; i++, left++, right++)
        {
            sum += input[right];
            sum -= input[left];
            output[written++] = sum / count;
        }
        for (var i = 0; i < half - 1; i++, left++)
        {
            sum -= input[left];
            count--;
            output[written++] = sum / count;
        }
    }

    /// <summary>
    /// The same filter down every column at once: one running sum per column, a whole row added or removed
    /// at a time. Each column sees exactly the reference's sequence of float operations, so the result is
    /// bit-identical to filtering column by column, but it reads memory in order and uses SIMD.
    /// </summary>
    internal static void BoxAlongColumns(ReadOnlySpan<float> input, Span<float> output, int width, int height, int window, Span<float> sums)
    {
        sums.Clear();
        var half = (window + 2) / 2;
        int left = 0, right = 0, written = 0, count = 0;
        for (var i = 0; i < half - 1; i++, right++, count++) Add(sums, input.Slice(right * width, width));
        for (var i = 0; i < window - half + 1; i++, right++, written++)
        {
            Add(sums, input.Slice(right * width, width));
            count++;
            Divide(sums, count, output.Slice(written * width, width));
        }
        for (var i = 0; i < height - window; i++, left++, right++, written++)
        {
            Add(sums, input.Slice(right * width, width));
            Subtract(sums, input.Slice(left * width, width));
            Divide(sums, count, output.Slice(written * width, width));
        }
        for (var i = 0; i < half - 1; i++, left++, written++)
        {
            Subtract(sums, input.Slice(left * width, width));
            count--;
            Divide(sums, count, output.Slice(written * width, width));
        }
    }

    static void Add(Span<float> sums, ReadOnlySpan<float> row)
    {
        var i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            var s = MemoryMarshal.Cast<float, Vector<float>>(sums);
            var r = MemoryMarshal.Cast<float, Vector<float>>(row);
            for (var v = 0; v < s.Length; v++) s[v] += r[v];
            i = s.Length * Vector<float>.Count;
        }
        for (; i < sums.Length; i++) sums[i] += row[i];
    }

    static void Subtract(Span<float> sums, ReadOnlySpan<float> row)
    {
        var i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            var s = MemoryMarshal.Cast<float, Vector<float>>(sums);
            var r = MemoryMarshal.Cast<float, Vector<float>>(row);
            for (var v = 0; v < s.Length; v++) s[v] -= r[v];
            i = s.Length * Vector<float>.Count;
        }
        for (; i < sums.Length; i++) sums[i] -= row[i];
    }

    static void Divide(ReadOnlySpan<float> sums, int count, Span<float> row)
    {
        var i = 0;
        float divisor = count;
        if (Vector.IsHardwareAccelerated)
        {
            var s = MemoryMarshal.Cast<float, Vector<float>>(sums);
            var r = MemoryMarshal.Cast<float, Vector<float>>(row);
            var d = new Vector<float>(divisor);
            for (var v = 0; v < s.Length; v++) r[v] = s[v] / d;
            i = s.Length * Vector<float>.Count;
        }
        for (; i < sums.Length; i++) row[i] = sums[i] / divisor;
    }

    /// <summary>Samples the blurred image at the centres of a 64×64 grid.</summary>
    static void Decimate(ReadOnlySpan<float> image, int width, int height, Span<float> block)
    {
        for (var i = 0; i < Decimated; i++)
        {
            var row = (int)((i + 0.5) * height / Decimated);
            for (var j = 0; j < Decimated; j++)
                block[i * Decimated + j] = image[row * width + (int)((j + 0.5) * width / Decimated)];
        }
    }

    /// <summary>
    /// The reference's heuristic: the sum of quantized neighbour differences (in percent of full scale,
    /// truncated) over the 64×64 image, divided by 90 and capped at 100. Flat images score low.
    /// </summary>
    static int Quality(ReadOnlySpan<float> block)
    {
        var gradients = 0;
        for (var i = 0; i < Decimated - 1; i++)
            for (var j = 0; j < Decimated; j++)
                gradients += Math.Abs((int)((block[i * Decimated + j] - block[(i + 1) * Decimated + j]) * 100 / 255));
        for (var i = 0; i < Decimated; i++)
            for (var j = 0; j < Decimated - 1; j++)
                gradients += Math.Abs((int)((block[i * Decimated + j] - block[i * Decimated + j + 1]) * 100 / 255));
        return Math.Min(100, gradients / 90);
    }

    /// <summary>
    /// B = D·A·Dᵀ for the 16×64 matrix D: only the 16×16 coefficients the hash uses. Each sum runs over k in
    /// ascending order in float, as in the reference; T = D·A is accumulated a row of A at a time.
    /// </summary>
    static void Dct64To16(ReadOnlySpan<float> block, Span<float> output)
    {
        Span<float> temp = stackalloc float[Coefficients * Decimated];
        temp.Clear();
        var d = Dct.AsSpan();
        for (var i = 0; i < Coefficients; i++)
        {
            var t = temp.Slice(i * Decimated, Decimated);
            for (var k = 0; k < Decimated; k++)
                MultiplyAdd(t, d[i * Decimated + k], block.Slice(k * Decimated, Decimated));
        }
        for (var i = 0; i < Coefficients; i++)
        {
            var t = temp.Slice(i * Decimated, Decimated);
            for (var j = 0; j < Coefficients; j++)
            {
                var dj = d.Slice(j * Decimated, Decimated);
                var sum = 0f;
                for (var k = 0; k < Decimated; k++) sum += t[k] * dj[k];
                output[i * Coefficients + j] = sum;
            }
        }
    }

    // Multiply then add, never fused: a fused multiply-add would round differently from the reference.
    static void MultiplyAdd(Span<float> sums, float factor, ReadOnlySpan<float> row)
    {
        var i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            var s = MemoryMarshal.Cast<float, Vector<float>>(sums);
            var r = MemoryMarshal.Cast<float, Vector<float>>(row);
            var f = new Vector<float>(factor);
            for (var v = 0; v < s.Length; v++) s[v] += r[v] * f;
            i = s.Length * Vector<float>.Count;
        }
        for (; i < sums.Length; i++) sums[i] += row[i] * factor;
    }

    /// <summary>One bit per coefficient: set when it is above the median (the 128th smallest of 256).</summary>
    static PdqHash Threshold(ReadOnlySpan<float> dct)
    {
        Span<float> sorted = stackalloc float[Coefficients * Coefficients];
        dct.CopyTo(sorted);
        sorted.Sort();
        var median = sorted[(sorted.Length + 1) / 2 - 1];
        Span<ulong> words = stackalloc ulong[4];
        words.Clear();
        for (var k = 0; k < dct.Length; k++)
            if (dct[k] > median) PdqHash.SetBit(words, k);
        return new PdqHash(words[0], words[1], words[2], words[3]);
    }
}
