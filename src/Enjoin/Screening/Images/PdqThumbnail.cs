using System.Buffers;
using System.Numerics;
using System.Runtime.InteropServices;

namespace Enjoin.Screening.Images;

/// <summary>How the reference's image library resizes a kind of image (Pillow picks the filter by image mode).</summary>
enum ResizeKind
{
    /// <summary>RGB and greyscale: an integer box reduction when far too large, then antialiased bicubic.</summary>
    Smooth,
    /// <summary>Images with alpha (RGBA, LA): bicubic without the box reduction.</summary>
    Alpha,
    /// <summary>Palette and 1-bit images: nearest neighbour.</summary>
    Nearest,
}

/// <summary>
/// The reduction the reference applies before PDQ. The reference hashes (ThreatExchange pdq/python, whose
/// test values are DESIGN's conformance set) come from <c>PIL.Image.thumbnail((512, 512))</c>: an image
/// larger than 512 px on a side is shrunk, aspect kept, to fit 512×512 — a JPEG first decoded at 1/2, 1/4
/// or 1/8 scale when that still leaves twice the target (libjpeg DCT scaling, Pillow's <c>draft</c>), then
/// box-averaged by an integer factor while still over twice the target (<c>reducing_gap</c> 2), then
/// resampled with Pillow's antialiased bicubic filter in its 8-bit fixed-point arithmetic. Reproduced here
/// operation for operation: PDQ on the same pixels gives the same bits. Without it, the hashes of the
/// bridge test images are 4–12 bits from the reference; with it, 0.
/// </summary>
static class PdqThumbnail
{
    public const int MaxSide = 512;
    const double ReducingGap = 2.0;
    const int PrecisionBits = 32 - 8 - 2;
    const double BicubicSupport = 2.0;

    /// <summary>The size <c>thumbnail((512, 512))</c> gives; the image's own size when it already fits.</summary>
    public static (int Width, int Height) Size(int width, int height)
    {
        if (width <= MaxSide && height <= MaxSide) return (width, height);
        var aspect = (double)width / height;
        if ((double)MaxSide / MaxSide >= aspect)
            return (RoundAspect(MaxSide * aspect, n => Math.Abs(aspect - n / (double)MaxSide)), MaxSide);
        return (MaxSide, RoundAspect(MaxSide / aspect, n => n == 0 ? 0 : Math.Abs(aspect - MaxSide / (double)n)));
    }

    /// <summary>Of ⌊x⌋ and ⌈x⌉ the one whose aspect is nearer (⌊x⌋ on a tie), at least 1.</summary>
    static int RoundAspect(double number, Func<int, double> error)
    {
        int low = (int)Math.Floor(number), high = (int)Math.Ceiling(number);
        return Math.Max(error(high) < error(low) ? high : low, 1);
    }

    /// <summary>The JPEG DCT-scaling denominator (1, 2, 4 or 8) Pillow's <c>draft</c> picks for this thumbnail.</summary>
    public static int JpegScale(int width, int height)
    {
        var (targetWidth, targetHeight) = Size(width, height);
        if (targetWidth == width && targetHeight == height) return 1;
        var scale = Math.Min(width / (int)(targetWidth * ReducingGap), height / (int)(targetHeight * ReducingGap));
        return scale >= 8 ? 8 : scale >= 4 ? 4 : scale >= 2 ? 2 : 1;
    }

    /// <summary>
    /// Shrinks packed RGB (<paramref name="width"/>×<paramref name="height"/>) to <paramref name="targetWidth"/>×
    /// <paramref name="targetHeight"/>. The source covers <paramref name="sourceWidth"/>×<paramref name="sourceHeight"/>
    /// units of the original picture (W/s × H/s after DCT scaling by s, which may be fractional). Returns a pooled buffer.
    /// </summary>
    public static byte[] Resize(ReadOnlySpan<byte> rgb, int width, int height, double sourceWidth, double sourceHeight,
        int targetWidth, int targetHeight, ResizeKind kind)
    {
        if (kind == ResizeKind.Nearest) return Nearest(rgb, width, height, sourceWidth, sourceHeight, targetWidth, targetHeight);

        byte[]? reduced = null;
        try
        {
            if (kind == ResizeKind.Smooth)
            {
                var factorX = Math.Max(1, (int)(sourceWidth / targetWidth / ReducingGap));
                var factorY = Math.Max(1, (int)(sourceHeight / targetHeight / ReducingGap));
                if (factorX > 1 || factorY > 1)
                {
                    // The "safe box" around the whole picture is the whole image, so all of it is reduced.
                    reduced = Reduce(rgb, width, height, factorX, factorY, out width, out height);
                    rgb = reduced.AsSpan(0, 3 * width * height);
                    sourceWidth /= factorX;
                    sourceHeight /= factorY;
                }
            }
            return Bicubic(rgb, width, height, (float)sourceWidth, (float)sourceHeight, targetWidth, targetHeight);
        }
        finally
        {
            if (reduced is not null) ArrayPool<byte>.Shared.Return(reduced);
        }
    }

    /// <summary>Pillow's <c>Image.reduce</c>: the rounded mean of each factorX×factorY block (partial blocks at the edges).</summary>
    static byte[] Reduce(ReadOnlySpan<byte> rgb, int width, int height, int factorX, int factorY, out int outWidth, out int outHeight)
    {
        outWidth = (width + factorX - 1) / factorX;
        outHeight = (height + factorY - 1) / factorY;
        var output = ArrayPool<byte>.Shared.Rent(3 * outWidth * outHeight);
        for (var y = 0; y < outHeight; y++)
        {
            int y0 = y * factorY, y1 = Math.Min(height, y0 + factorY);
            for (var x = 0; x < outWidth; x++)
            {
                int x0 = x * factorX, x1 = Math.Min(width, x0 + factorX);
                var count = (uint)((x1 - x0) * (y1 - y0));
                // Pillow divides by multiplying with ⌊2³²/(256·n)⌋ computed in single precision, then >> 24.
                var multiplier = (uint)(4294967296f / (256 * count));
                uint r = count / 2, g = r, b = r;
                for (var yy = y0; yy < y1; yy++)
                {
                    var row = rgb.Slice(3 * yy * width, 3 * width);
                    for (var xx = x0; xx < x1; xx++)
                    {
                        r += row[3 * xx];
                        g += row[3 * xx + 1];
                        b += row[3 * xx + 2];
                    }
                }
                var o = 3 * (y * outWidth + x);
                output[o] = (byte)((r * multiplier) >> 24);
                output[o + 1] = (byte)((g * multiplier) >> 24);
                output[o + 2] = (byte)((b * multiplier) >> 24);
            }
        }
        return output;
    }

    /// <summary>Pillow's <c>ImagingResample</c> with the bicubic filter (a = −0.5): horizontal pass, then vertical, 8-bit between.</summary>
    static byte[] Bicubic(ReadOnlySpan<byte> rgb, int width, int height, float boxWidth, float boxHeight, int targetWidth, int targetHeight)
    {
        var horizontal = targetWidth != width || boxWidth != targetWidth;
        var vertical = targetHeight != height || boxHeight != targetHeight;
        var (columnTaps, columnBounds, columnWeights) = Coefficients(width, boxWidth, targetWidth);
        var (rowTaps, rowBounds, rowWeights) = Coefficients(height, boxHeight, targetHeight);
        int firstRow = rowBounds[0], lastRow = rowBounds[2 * targetHeight - 2] + rowBounds[2 * targetHeight - 1];

        byte[]? temp = null;
        var source = rgb;
        var sourceWidth = width;
        var rowOffset = 0;
        try
        {
            if (horizontal)
            {
                var rows = lastRow - firstRow;
                temp = ArrayPool<byte>.Shared.Rent(3 * targetWidth * rows);
                for (var y = 0; y < rows; y++)
                {
                    var input = rgb.Slice(3 * (y + firstRow) * width, 3 * width);
                    var output = temp.AsSpan(3 * y * targetWidth, 3 * targetWidth);
                    for (var x = 0; x < targetWidth; x++)
                    {
                        int start = columnBounds[2 * x], taps = columnBounds[2 * x + 1];
                        var weights = columnWeights.AsSpan(x * columnTaps, taps);
                        var window = input.Slice(3 * start, 3 * taps);
                        int r = 1 << (PrecisionBits - 1), g = r, b = r;
                        for (int k = 0, p = 0; k < weights.Length; k++, p += 3)
                        {
                            var w = weights[k];
                            r += window[p] * w;
                            g += window[p + 1] * w;
                            b += window[p + 2] * w;
                        }
                        output[3 * x] = Clip(r);
                        output[3 * x + 1] = Clip(g);
                        output[3 * x + 2] = Clip(b);
                    }
                }
                source = temp.AsSpan(0, 3 * targetWidth * rows);
                sourceWidth = targetWidth;
                rowOffset = firstRow;
            }

            var result = ArrayPool<byte>.Shared.Rent(3 * targetWidth * targetHeight);
            if (!vertical)
            {
                source[..(3 * targetWidth * targetHeight)].CopyTo(result);
                return result;
            }
            // Row by row: each tap adds a whole source row to the sums, reading memory in order.
            var sums = ArrayPool<int>.Shared.Rent(3 * sourceWidth);
            try
            {
                var sum = sums.AsSpan(0, 3 * sourceWidth);
                for (var y = 0; y < targetHeight; y++)
                {
                    int start = rowBounds[2 * y] - rowOffset, taps = rowBounds[2 * y + 1];
                    var weights = rowWeights.AsSpan(y * rowTaps, taps);
                    sum.Fill(1 << (PrecisionBits - 1));
                    for (var k = 0; k < weights.Length; k++)
                        MultiplyAdd(sum, source.Slice(3 * (start + k) * sourceWidth, sum.Length), weights[k]);
                    var output = result.AsSpan(3 * y * sourceWidth, sum.Length);
                    for (var i = 0; i < sum.Length; i++) output[i] = Clip(sum[i]);
                }
            }
            finally { ArrayPool<int>.Shared.Return(sums); }
            return result;
        }
        finally
        {
            if (temp is not null) ArrayPool<byte>.Shared.Return(temp);
        }
    }

    /// <summary>sum[i] += row[i] · weight, in 32-bit integers (exact, so any order gives Pillow's result).</summary>
    static void MultiplyAdd(Span<int> sum, ReadOnlySpan<byte> row, int weight)
    {
        var i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            var w = new Vector<int>(weight);
            var step = Vector<byte>.Count;
            for (; i <= row.Length - step; i += step)
            {
                Vector.Widen(new Vector<byte>(row[i..]), out var low, out var high);
                Vector.Widen(low, out var a, out var b);
                Vector.Widen(high, out var c, out var d);
                var s = MemoryMarshal.Cast<int, Vector<int>>(sum.Slice(i, step));
                s[0] += Vector.AsVectorInt32(a) * w;
                s[1] += Vector.AsVectorInt32(b) * w;
                s[2] += Vector.AsVectorInt32(c) * w;
                s[3] += Vector.AsVectorInt32(d) * w;
            }
        }
        for (; i < row.Length; i++) sum[i] += row[i] * weight;
    }

    static byte Clip(int sum) => (byte)Math.Clamp(sum >> PrecisionBits, 0, 255);

    static double Cubic(double x)
    {
        const double a = -0.5;
        if (x < 0) x = -x;
        if (x < 1) return ((a + 2) * x - (a + 3)) * x * x + 1;
        if (x < 2) return (((x - 5) * x + 8) * x - 4) * a;
        return 0;
    }

    /// <summary>
    /// Pillow's <c>precompute_coeffs</c> then <c>normalize_coeffs_8bpc</c>: for each output pixel, the first input
    /// pixel and tap count, and the weights in fixed point (2²² = 1), rounded half away from zero.
    /// </summary>
    static (int Taps, int[] Bounds, int[] Weights) Coefficients(int inSize, float in1, int outSize)
    {
        double scale = (double)in1 / outSize, filterScale = Math.Max(1.0, scale);
        double support = BicubicSupport * filterScale, reciprocal = 1.0 / filterScale;
        var taps = (int)Math.Ceiling(support) * 2 + 1;
        var bounds = new int[2 * outSize];
        var weights = new int[outSize * taps];
        Span<double> kernel = taps <= 256 ? stackalloc double[taps] : new double[taps];
        for (var o = 0; o < outSize; o++)
        {
            var center = (o + 0.5) * scale;
            var start = Math.Max(0, (int)(center - support + 0.5));
            var count = Math.Min(inSize, (int)(center + support + 0.5)) - start;
            var total = 0.0;
            for (var k = 0; k < count; k++) total += kernel[k] = Cubic((k + start - center + 0.5) * reciprocal);
            for (var k = 0; k < count; k++)
            {
                var w = total != 0 ? kernel[k] / total : kernel[k];
                weights[o * taps + k] = w < 0 ? (int)(-0.5 + w * (1 << PrecisionBits)) : (int)(0.5 + w * (1 << PrecisionBits));
            }
            bounds[2 * o] = start;
            bounds[2 * o + 1] = count;
        }
        return (taps, bounds, weights);
    }

    /// <summary>Pillow's nearest-neighbour resize (an affine scale sampled at pixel centres, positions accumulated).</summary>
    static byte[] Nearest(ReadOnlySpan<byte> rgb, int width, int height, double boxWidth, double boxHeight, int targetWidth, int targetHeight)
    {
        var result = ArrayPool<byte>.Shared.Rent(3 * targetWidth * targetHeight);
        Span<int> columns = targetWidth <= 1024 ? stackalloc int[targetWidth] : new int[targetWidth];
        double stepX = (double)(float)boxWidth / targetWidth, stepY = (double)(float)boxHeight / targetHeight;
        var position = stepX * 0.5;
        for (var x = 0; x < targetWidth; x++, position += stepX) columns[x] = Math.Min(width - 1, (int)position);
        position = stepY * 0.5;
        for (var y = 0; y < targetHeight; y++, position += stepY)
        {
            var input = rgb.Slice(3 * Math.Min(height - 1, (int)position) * width, 3 * width);
            var output = result.AsSpan(3 * y * targetWidth, 3 * targetWidth);
            for (var x = 0; x < targetWidth; x++) input.Slice(3 * columns[x], 3).CopyTo(output[(3 * x)..]);
        }
        return result;
    }
}
