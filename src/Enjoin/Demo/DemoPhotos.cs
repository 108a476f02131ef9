using System.Buffers.Binary;
using System.IO.Compression;

namespace Enjoin.Demo;

/// <summary>How a demo photo was made from its product's original: as shot, the same pixels saved again, or cropped and brightened.</summary>
public enum DemoPhotoEdit { Original, ReEncoded, Altered }

/// <summary>
/// A synthetic product photo of the demo (DESIGN §5.7 "reused photos"): the product drawn from
/// <paramref name="Seed"/> at <paramref name="Width"/> × <paramref name="Height"/>, then edited. A relisting
/// reuses its original's seed and size with another edit, so its photo is a near-duplicate.
/// </summary>
/// <param name="Crop">Altered: pixels cut from each edge.</param>
/// <param name="Scale">Altered: the cropped photo resized to this percentage (a re-upload's downscale).</param>
/// <param name="Brighten">Altered: added to every channel.</param>
public sealed record DemoPhoto(int Seed, int Width, int Height, DemoPhotoEdit Edit = DemoPhotoEdit.Original, int Crop = 0, int Scale = 100, int Brighten = 0)
{
    /// <summary>The edit's name in the cast: <c>re_encoded</c>, <c>cropped_resized_brightened</c>.</summary>
    public string? EditName => Edit switch { DemoPhotoEdit.ReEncoded => "re_encoded", DemoPhotoEdit.Altered => "cropped_resized_brightened", _ => null };
}

/// <summary>A photo the demo writes beside its database and a listing names in <c>image_files</c>.</summary>
public sealed record DemoPhotoFile(string File, DemoPhoto Photo);

/// <summary>
/// Draws the demo's product photos and encodes them as PNG: pure and deterministic (the same photo gives the same
/// bytes), no randomness but the photo's own seed. Photos of different products are unrelated (PDQ distance far
/// above 31); an edited copy stays within it.
/// </summary>
public static class DemoPhotos
{
    /// <summary>The PNG file of the photo.</summary>
    public static byte[] Png(DemoPhoto photo)
    {
        var (rgb, width, height) = Pixels(photo);
        // A re-encoded copy has the same pixels in other bytes: another filter, another compression level.
        return DemoPng.Encode(rgb, width, height, filter: photo.Edit switch { DemoPhotoEdit.ReEncoded => 1, DemoPhotoEdit.Altered => 2, _ => 0 },
            photo.Edit == DemoPhotoEdit.ReEncoded ? CompressionLevel.Optimal : CompressionLevel.Fastest);
    }

    /// <summary>The photo's pixels, packed RGB, after its edit.</summary>
    public static (byte[] Rgb, int Width, int Height) Pixels(DemoPhoto photo)
    {
        var original = Draw(photo.Seed, photo.Width, photo.Height);
        if (photo.Edit != DemoPhotoEdit.Altered) return (original, photo.Width, photo.Height);
        // Cropped, resized (bilinear) and brightened, as a relister's re-upload of the same picture would be.
        var c = photo.Crop;
        double cropW = photo.Width - 2 * c, cropH = photo.Height - 2 * c;
        int width = Math.Max(1, (int)(cropW * photo.Scale / 100)), height = Math.Max(1, (int)(cropH * photo.Scale / 100));
        var edited = new byte[width * height * 3];
        for (var y = 0; y < height; y++)
        {
            var sy = Math.Clamp(c + (y + 0.5) * cropH / height - 0.5, 0, photo.Height - 1);
            int y0 = (int)sy, y1 = Math.Min(y0 + 1, photo.Height - 1);
            var fy = sy - y0;
            for (var x = 0; x < width; x++)
            {
                var sx = Math.Clamp(c + (x + 0.5) * cropW / width - 0.5, 0, photo.Width - 1);
                int x0 = (int)sx, x1 = Math.Min(x0 + 1, photo.Width - 1);
                var fx = sx - x0;
                for (var ch = 0; ch < 3; ch++)
                {
                    double At(int px, int py) => original[(py * photo.Width + px) * 3 + ch];
                    var v = (At(x0, y0) * (1 - fx) + At(x1, y0) * fx) * (1 - fy) + (At(x0, y1) * (1 - fx) + At(x1, y1) * fx) * fy;
                    edited[(y * width + x) * 3 + ch] = Clamp(v + photo.Brighten);
                }
            }
        }
        return (edited, width, height);
    }

    /// <summary>A plush on a studio backdrop: a gradient, a shadow, a body, ears or fins, eyes, a tag, and sensor noise.</summary>
    static byte[] Draw(int seed, int width, int height)
    {
        var rng = new Random(seed);
        var shapes = new List<Shape>();
        var size = Math.Min(width, height);
        // Where the product stands and how big it is vary widely, so that unrelated photos hash far apart.
        double cx = width * (0.25 + 0.5 * rng.NextDouble()), cy = height * (0.3 + 0.45 * rng.NextDouble());
        double rx = size * (0.18 + 0.17 * rng.NextDouble()), ry = size * (0.15 + 0.2 * rng.NextDouble());
        var body = Color(rng, saturated: true);
        shapes.Add(new Shape(cx + rx * 0.15, cy + ry * 1.05, rx * 1.1, ry * 0.3, Shade(Backdrop(rng), -60), Soft: true));
        shapes.Add(new Shape(cx, cy, rx, ry, body) { Period = 5 + 3 * rng.NextDouble(), Angle = rng.NextDouble() * Math.PI });
        for (var i = 0; i < 2 + rng.Next(3); i++)
        {
            var angle = rng.NextDouble() * Math.PI * 2;
            var r = 0.2 + 0.25 * rng.NextDouble();
            shapes.Add(new Shape(cx + Math.Cos(angle) * rx * 0.95, cy + Math.Sin(angle) * ry * 0.95, rx * r, ry * r, rng.Next(2) == 0 ? body : Color(rng, saturated: true)));
        }
        var eye = ry * (0.08 + 0.06 * rng.NextDouble());
        shapes.Add(new Shape(cx - rx * 0.35, cy - ry * 0.2, eye, eye, (20, 20, 30)));
        shapes.Add(new Shape(cx + rx * 0.35, cy - ry * 0.2, eye, eye, (20, 20, 30)));
        shapes.Add(new Shape(cx + rx * (rng.NextDouble() - 0.5), cy + ry * 0.45, rx * 0.25, ry * 0.12, Color(rng, saturated: false), Box: true));
        // Props around it (blocks, balls, confetti): crisp edges give PDQ the detail a real photo has (quality ≥ 50),
        // and edges, unlike grain, barely move under a small crop.
        for (var i = 0; i < 6 + rng.Next(7); i++)
            shapes.Add(new Shape(width * rng.NextDouble(), height * rng.NextDouble(), size * (0.03 + 0.08 * rng.NextDouble()), size * (0.03 + 0.08 * rng.NextDouble()),
                rng.Next(3) == 0 ? (30, 30, 40) : Color(rng, saturated: true), Box: rng.Next(2) == 0));

        var top = Backdrop(rng);
        var bottom = Shade(Backdrop(rng), -40);
        var tilt = rng.NextDouble() - 0.5;
        var noise = (uint)rng.Next();
        var canvas = new float[width * height * 3];
        for (var y = 0; y < height; y++)
            for (var x = 0; x < width; x++)
            {
                var t = (float)Math.Clamp((double)y / height + tilt * ((double)x / width - 0.5), 0, 1);
                var i = (y * width + x) * 3;
                canvas[i] = top.R + (bottom.R - top.R) * t;
                canvas[i + 1] = top.G + (bottom.G - top.G) * t;
                canvas[i + 2] = top.B + (bottom.B - top.B) * t;
            }
        // Painted in order, each shape over its own bounding box only.
        foreach (var shape in shapes)
        {
            int x0 = Math.Max(0, (int)(shape.X - shape.Rx)), x1 = Math.Min(width - 1, (int)(shape.X + shape.Rx) + 1);
            int y0 = Math.Max(0, (int)(shape.Y - shape.Ry)), y1 = Math.Min(height - 1, (int)(shape.Y + shape.Ry) + 1);
            for (var y = y0; y <= y1; y++)
                for (var x = x0; x <= x1; x++)
                {
                    var cover = (float)shape.Cover(x + 0.5, y + 0.5);
                    if (cover <= 0) continue;
                    var c = shape.ColorAt(x, y);
                    var i = (y * width + x) * 3;
                    canvas[i] += (c.R - canvas[i]) * cover;
                    canvas[i + 1] += (c.G - canvas[i + 1]) * cover;
                    canvas[i + 2] += (c.B - canvas[i + 2]) * cover;
                }
        }
        var rgb = new byte[width * height * 3];
        for (var y = 0; y < height; y++)
            for (var x = 0; x < width; x++)
            {
                var n = (int)(Hash(noise, x, y) % 5) - 2;
                var i = (y * width + x) * 3;
                rgb[i] = Clamp(canvas[i] + n);
                rgb[i + 1] = Clamp(canvas[i + 1] + n);
                rgb[i + 2] = Clamp(canvas[i + 2] + n);
            }
        return rgb;
    }

    readonly record struct Shape(double X, double Y, double Rx, double Ry, (int R, int G, int B) Color, bool Soft = false, bool Box = false)
    {
        /// <summary>Fine fabric stripes across the shape: period in pixels (0: plain) and direction.</summary>
        public double Period { get; init; }
        public double Angle { get => _angle; init { _angle = value; Cos = Math.Cos(value); Sin = Math.Sin(value); } }
        readonly double _angle;
        double Cos { get; init; }
        double Sin { get; init; }

        public (int R, int G, int B) ColorAt(double px, double py)
        {
            if (Period <= 0) return Color;
            var phase = (px * Cos + py * Sin) / Period;
            return (phase - Math.Floor(phase)) < 0.5 ? Color : Shade(Color, -40);
        }

        /// <summary>How much of the pixel the shape covers, 0..1, anti-aliased at the edge (a soft shadow fades out).</summary>
        public double Cover(double px, double py)
        {
            double dx = (px - X) / Rx, dy = (py - Y) / Ry;
            if (dx is > 1 or < -1 || dy is > 1 or < -1) return 0;
            var d = Box ? Math.Max(Math.Abs(dx), Math.Abs(dy)) : Math.Sqrt(dx * dx + dy * dy);
            if (Soft) return d >= 1 ? 0 : 0.6 * (1 - d);
            var edge = 1.5 / Math.Min(Rx, Ry);
            return d <= 1 - edge ? 1 : d >= 1 ? 0 : (1 - d) / edge;
        }
    }

    static (int R, int G, int B) Color(Random rng, bool saturated)
    {
        // Pastel-to-vivid plush colours; a dull one for tags and props.
        var hue = rng.NextDouble() * 6;
        var (lo, hi) = saturated ? (40 + rng.Next(60), 200 + rng.Next(56)) : (90 + rng.Next(50), 150 + rng.Next(60));
        var f = hue - Math.Floor(hue);
        var mid = (int)(lo + (hi - lo) * f);
        var down = (int)(hi - (hi - lo) * f);
        return (int)hue switch { 0 => (hi, mid, lo), 1 => (down, hi, lo), 2 => (lo, hi, mid), 3 => (lo, down, hi), 4 => (mid, lo, hi), _ => (hi, lo, down) };
    }

    static (int R, int G, int B) Backdrop(Random rng) => (150 + rng.Next(70), 150 + rng.Next(70), 150 + rng.Next(70));

    static (int R, int G, int B) Shade((int R, int G, int B) c, int by) => (Math.Max(0, c.R + by), Math.Max(0, c.G + by), Math.Max(0, c.B + by));

    static byte Clamp(double v) => (byte)Math.Clamp((int)Math.Round(v), 0, 255);

    static uint Hash(uint seed, int x, int y)
    {
        var h = seed ^ ((uint)x * 0x9E3779B1u) ^ ((uint)y * 0x85EBCA77u);
        h ^= h >> 15;
        h *= 0x2C1B3C6Du;
        h ^= h >> 12;
        h *= 0x297A2D39u;
        return h ^ (h >> 15);
    }
}

/// <summary>
/// The smallest PNG writer the demo needs: 8-bit RGB, one filter type for every row, one IDAT chunk, zlib from
/// <see cref="ZLibStream"/> and the chunk CRC-32 computed here (ISO 3309, as PNG specifies).
/// </summary>
public static class DemoPng
{
    static readonly byte[] Signature = [137, 80, 78, 71, 13, 10, 26, 10];

    /// <param name="filter">0 None, 1 Sub, 2 Up, 3 Average, 4 Paeth.</param>
    public static byte[] Encode(ReadOnlySpan<byte> rgb, int width, int height, int filter = 0, CompressionLevel level = CompressionLevel.Optimal)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(width);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(height);
        ArgumentOutOfRangeException.ThrowIfLessThan(rgb.Length, width * height * 3);
        ArgumentOutOfRangeException.ThrowIfGreaterThan((uint)filter, 4u, nameof(filter));
        var stride = width * 3;
        var raw = new byte[(stride + 1) * height];
        for (var y = 0; y < height; y++)
        {
            var line = rgb.Slice(y * stride, stride);
            var above = y == 0 ? default : rgb.Slice((y - 1) * stride, stride);
            var output = raw.AsSpan(y * (stride + 1), stride + 1);
            output[0] = (byte)filter;
            for (var i = 0; i < stride; i++)
            {
                int a = i >= 3 ? line[i - 3] : 0, b = y > 0 ? above[i] : 0, c = i >= 3 && y > 0 ? above[i - 3] : 0;
                var predicted = filter switch { 1 => a, 2 => b, 3 => (a + b) / 2, 4 => Paeth(a, b, c), _ => 0 };
                output[i + 1] = (byte)(line[i] - predicted);
            }
        }
        using var compressed = new MemoryStream();
        using (var z = new ZLibStream(compressed, level, leaveOpen: true)) z.Write(raw);

        using var png = new MemoryStream();
        png.Write(Signature);
        Span<byte> header = stackalloc byte[13];
        BinaryPrimitives.WriteUInt32BigEndian(header, (uint)width);
        BinaryPrimitives.WriteUInt32BigEndian(header[4..], (uint)height);
        header[8] = 8;  // bit depth
        header[9] = 2;  // colour type: RGB
        header[10] = header[11] = header[12] = 0; // deflate, adaptive filtering, no interlace
        Chunk(png, "IHDR"u8, header);
        Chunk(png, "IDAT"u8, compressed.GetBuffer().AsSpan(0, (int)compressed.Length));
        Chunk(png, "IEND"u8, []);
        return png.ToArray();
    }

    static int Paeth(int a, int b, int c)
    {
        int p = a + b - c, pa = Math.Abs(p - a), pb = Math.Abs(p - b), pc = Math.Abs(p - c);
        return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
    }

    static void Chunk(Stream png, ReadOnlySpan<byte> type, ReadOnlySpan<byte> body)
    {
        Span<byte> word = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(word, (uint)body.Length);
        png.Write(word);
        png.Write(type);
        png.Write(body);
        BinaryPrimitives.WriteUInt32BigEndian(word, ~Crc(Crc(0xFFFFFFFFu, type), body));
        png.Write(word);
    }

    static readonly uint[] CrcTable = BuildCrcTable();

    static uint[] BuildCrcTable()
    {
        var table = new uint[256];
        for (var n = 0u; n < 256; n++)
        {
            var c = n;
            for (var k = 0; k < 8; k++) c = (c & 1) != 0 ? 0xEDB88320u ^ (c >> 1) : c >> 1;
            table[n] = c;
        }
        return table;
    }

    static uint Crc(uint crc, ReadOnlySpan<byte> bytes)
    {
        foreach (var b in bytes) crc = CrcTable[(crc ^ b) & 0xFF] ^ (crc >> 8);
        return crc;
    }
}
