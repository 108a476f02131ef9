using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;

namespace Enjoin.Tests.Screening;

/// <summary>
/// A small PNG encoder for tests: any colour type and bit depth, a chosen filter type per row (or cycling
/// through all five), Adam7 interlacing. Samples are given per pixel per channel at the file's bit depth.
/// </summary>
public static class PngWriter
{
    public const int Gray = 0, Rgb = 2, Palette = 3, GrayAlpha = 4, Rgba = 6;

    static int Channels(int colorType) => colorType switch { Gray or Palette => 1, GrayAlpha => 2, Rgb => 3, _ => 4 };

    /// <param name="sample">(x, y, channel) → the sample, 0..2^bitDepth−1 (a palette index for colour type 3).</param>
    /// <param name="filter">0..4 for every row, or -1 to cycle through the five by row.</param>
    public static byte[] Encode(int width, int height, int colorType, int bitDepth, Func<int, int, int, int> sample,
        byte[]? palette = null, int filter = -1, bool interlaced = false, int chunkSize = int.MaxValue)
    {
        var channels = Channels(colorType);
        var raw = new MemoryStream();
        var passes = interlaced
            ? new[] { (0, 0, 8, 8), (4, 0, 8, 8), (0, 4, 4, 8), (2, 0, 4, 4), (0, 2, 2, 4), (1, 0, 2, 2), (0, 1, 1, 2) }
            : new[] { (0, 0, 1, 1) };
        var rowIndex = 0;
        foreach (var (x0, y0, dx, dy) in passes)
        {
            int columns = (width - x0 + dx - 1) / dx, rows = (height - y0 + dy - 1) / dy;
            if (columns <= 0 || rows <= 0) continue;
            var rowBytes = (columns * channels * bitDepth + 7) / 8;
            var stride = Math.Max(1, channels * bitDepth / 8);
            var previous = new byte[rowBytes];
            for (var r = 0; r < rows; r++, rowIndex++)
            {
                var line = new byte[rowBytes];
                for (var c = 0; c < columns; c++)
                    for (var ch = 0; ch < channels; ch++)
                        Put(line, c * channels + ch, bitDepth, sample(x0 + c * dx, y0 + r * dy, ch));
                var type = filter >= 0 ? filter : rowIndex % 5;
                raw.WriteByte((byte)type);
                raw.Write(Filter(type, line, previous, stride));
                previous = line;
            }
        }

        var png = new MemoryStream();
        png.Write([137, 80, 78, 71, 13, 10, 26, 10]);
        var header = new byte[13];
        BinaryPrimitives.WriteUInt32BigEndian(header, (uint)width);
        BinaryPrimitives.WriteUInt32BigEndian(header.AsSpan(4), (uint)height);
        header[8] = (byte)bitDepth;
        header[9] = (byte)colorType;
        header[12] = (byte)(interlaced ? 1 : 0);
        Chunk(png, "IHDR", header);
        Chunk(png, "tEXt", Encoding.ASCII.GetBytes("Comment\0ancillary chunks are skipped"));
        if (palette is not null) Chunk(png, "PLTE", palette);
        var compressed = new MemoryStream();
        using (var z = new ZLibStream(compressed, CompressionLevel.Optimal, leaveOpen: true)) raw.WriteTo(z);
        var data = compressed.ToArray();
        for (var i = 0; i < data.Length; i += chunkSize) Chunk(png, "IDAT", data.AsSpan(i, Math.Min(chunkSize, data.Length - i)));
        Chunk(png, "IEND", []);
        return png.ToArray();
    }

    static void Put(byte[] line, int index, int bitDepth, int value)
    {
        switch (bitDepth)
        {
            case 16:
                line[2 * index] = (byte)(value >> 8);
                line[2 * index + 1] = (byte)value;
                break;
            case 8:
                line[index] = (byte)value;
                break;
            default:
                var bit = index * bitDepth;
                line[bit >> 3] |= (byte)(value << (8 - bitDepth - (bit & 7)));
                break;
        }
    }

    static byte[] Filter(int type, byte[] line, byte[] previous, int stride)
    {
        var output = new byte[line.Length];
        for (var i = 0; i < line.Length; i++)
        {
            int a = i >= stride ? line[i - stride] : 0, b = previous[i], c = i >= stride ? previous[i - stride] : 0;
            var predicted = type switch
            {
                0 => 0,
                1 => a,
                2 => b,
                3 => (a + b) >> 1,
                _ => Paeth(a, b, c),
            };
            output[i] = (byte)(line[i] - predicted);
        }
        return output;
    }

    static int Paeth(int a, int b, int c)
    {
        var p = a + b - c;
        int pa = Math.Abs(p - a), pb = Math.Abs(p - b), pc = Math.Abs(p - c);
        return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
    }

    public static void Chunk(Stream png, string type, ReadOnlySpan<byte> body)
    {
        Span<byte> word = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(word, (uint)body.Length);
        png.Write(word);
        var name = Encoding.ASCII.GetBytes(type);
        png.Write(name);
        png.Write(body);
        BinaryPrimitives.WriteUInt32BigEndian(word, Crc(name, body));
        png.Write(word);
    }

    static uint Crc(ReadOnlySpan<byte> type, ReadOnlySpan<byte> body)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var part in new[] { type.ToArray(), body.ToArray() })
            foreach (var b in part)
            {
                crc ^= b;
                for (var k = 0; k < 8; k++) crc = (crc & 1) != 0 ? 0xEDB88320u ^ (crc >> 1) : crc >> 1;
            }
        return ~crc;
    }
}
