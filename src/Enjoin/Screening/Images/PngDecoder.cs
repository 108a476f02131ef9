using System.Buffers;
using System.Buffers.Binary;
using System.IO.Compression;
using System.Numerics;

namespace Enjoin.Screening.Images;

/// <summary>
/// PNG (ISO/IEC 15948) to 8-bit RGB, in managed code: every colour type and bit depth, the five filter
/// types, Adam7 interlacing, CRC-checked chunks. Alpha (and tRNS) is dropped, 16-bit samples keep their
/// high byte, as PDQ's reference hashes RGB of the image as stored. Ancillary chunks are skipped.
/// </summary>
static class PngDecoder
{
    static ReadOnlySpan<byte> Signature => [137, 80, 78, 71, 13, 10, 26, 10];

    const int Gray = 0, Rgb = 2, Palette = 3, GrayAlpha = 4, Rgba = 6;

    // Adam7: first column, first row, column step, row step of each pass.
    static ReadOnlySpan<byte> Adam7 => [0, 0, 8, 8, 4, 0, 8, 8, 0, 4, 4, 8, 2, 0, 4, 4, 0, 2, 2, 4, 1, 0, 2, 2, 0, 1, 1, 2];

    public static bool IsPng(ReadOnlySpan<byte> data) => data.StartsWith(Signature);

    readonly record struct Header(int Width, int Height, int BitDepth, int ColorType, bool Interlaced)
    {
        public int Channels => ColorType switch { Gray or Palette => 1, GrayAlpha => 2, Rgb => 3, _ => 4 };
        public int BitsPerPixel => Channels * BitDepth;
        /// <summary>Bytes to the corresponding byte of the previous pixel, for the filters (at least 1).</summary>
        public int FilterStride => Math.Max(1, BitsPerPixel / 8);
        public long RowBytes(int pixels) => ((long)pixels * BitsPerPixel + 7) / 8;
    }

    /// <summary>
    /// Decodes to packed RGB; the buffer comes from the array pool when <paramref name="pooled"/>.
    /// <paramref name="kind"/> is how the reference would resize this image (by the mode Pillow opens it in).
    /// </summary>
    public static byte[] Decode(ReadOnlySpan<byte> data, bool pooled, out int width, out int height, out ResizeKind kind)
    {
        if (!IsPng(data)) throw new ImageDecodeException("not a PNG file (bad signature)");
        Header? header = null;
        byte[]? palette = null;
        var idat = ArrayPool<byte>.Shared.Rent(Math.Max(256, data.Length));
        var idatLength = 0;
        try
        {
            var position = Signature.Length;
            var ended = false;
            while (!ended)
            {
                if (data.Length - position < 12)
                    throw new ImageDecodeException(position == data.Length ? "truncated PNG: no IEND chunk" : $"truncated PNG: incomplete chunk at byte {position}");
                var length = BinaryPrimitives.ReadUInt32BigEndian(data[position..]);
                var type = data.Slice(position + 4, 4);
                var name = ChunkName(type);
                if (length > (uint)(data.Length - position - 12))
                    throw new ImageDecodeException($"truncated PNG: chunk {name} at byte {position} claims {length} bytes, the file has {data.Length - position - 12} left");
                var body = data.Slice(position + 8, (int)length);
                var stored = BinaryPrimitives.ReadUInt32BigEndian(data[(position + 8 + (int)length)..]);
                if (Crc32.Of(type, body) != stored)
                    throw new ImageDecodeException($"corrupt PNG: chunk {name} at byte {position} fails its CRC check");
                if (header is null && name != "IHDR") throw new ImageDecodeException($"corrupt PNG: first chunk is {name}, not IHDR");

                switch (name)
                {
                    case "IHDR":
                        if (header is not null) throw new ImageDecodeException("corrupt PNG: more than one IHDR chunk");
                        header = ReadHeader(body);
                        break;
                    case "PLTE":
                        if (body.Length == 0 || body.Length % 3 != 0 || body.Length > 3 * 256)
                            throw new ImageDecodeException($"corrupt PNG: PLTE of {body.Length} bytes (must be 1..256 RGB entries)");
                        palette = body.ToArray();
                        break;
                    case "IDAT":
                        body.CopyTo(idat.AsSpan(idatLength));
                        idatLength += body.Length;
                        break;
                    case "IEND":
                        ended = true;
                        break;
                    default:
                        // Bit 5 of the first letter clear: critical, and a decoder must not guess at it.
                        if ((type[0] & 0x20) == 0) throw new ImageDecodeException($"unsupported PNG: unknown critical chunk {name}");
                        break;
                }
                position += 12 + (int)length;
            }

            var h = header!.Value;
            if (idatLength == 0) throw new ImageDecodeException("corrupt PNG: no image data (IDAT)");
            if (h.ColorType == Palette && palette is null) throw new ImageDecodeException("corrupt PNG: palette image without a PLTE chunk");
            width = h.Width;
            height = h.Height;
            kind = h.ColorType is Palette || (h.ColorType == Gray && h.BitDepth == 1) ? ResizeKind.Nearest
                : h.ColorType is GrayAlpha or Rgba ? ResizeKind.Alpha
                : ResizeKind.Smooth;
            return Pixels(h, palette, idat.AsSpan(0, idatLength), pooled);
        }
        finally { ArrayPool<byte>.Shared.Return(idat); }
    }

    static string ChunkName(ReadOnlySpan<byte> type)
    {
        Span<char> chars = stackalloc char[4];
        for (var i = 0; i < 4; i++) chars[i] = type[i] is >= (byte)'A' and <= (byte)'Z' or >= (byte)'a' and <= (byte)'z' ? (char)type[i] : '?';
        return new string(chars);
    }

    static Header ReadHeader(ReadOnlySpan<byte> body)
    {
        if (body.Length != 13) throw new ImageDecodeException($"corrupt PNG: IHDR of {body.Length} bytes, not 13");
        var width = BinaryPrimitives.ReadUInt32BigEndian(body);
        var height = BinaryPrimitives.ReadUInt32BigEndian(body[4..]);
        int bitDepth = body[8], colorType = body[9];
        if (width == 0 || height == 0 || width > int.MaxValue || height > int.MaxValue)
            throw new ImageDecodeException($"corrupt PNG: image size {width}×{height}");
        ImageDecoder.CheckSize((int)width, (int)height);
        var valid = colorType switch
        {
            Gray => bitDepth is 1 or 2 or 4 or 8 or 16,
            Palette => bitDepth is 1 or 2 or 4 or 8,
            Rgb or GrayAlpha or Rgba => bitDepth is 8 or 16,
            _ => false,
        };
        if (!valid) throw new ImageDecodeException($"corrupt PNG: colour type {colorType} with bit depth {bitDepth}");
        if (body[10] != 0) throw new ImageDecodeException($"unsupported PNG: compression method {body[10]}");
        if (body[11] != 0) throw new ImageDecodeException($"unsupported PNG: filter method {body[11]}");
        if (body[12] > 1) throw new ImageDecodeException($"unsupported PNG: interlace method {body[12]}");
        return new Header((int)width, (int)height, bitDepth, colorType, body[12] == 1);
    }

    static byte[] Pixels(Header h, byte[]? palette, ReadOnlySpan<byte> compressed, bool pooled)
    {
        Span<int> passes = stackalloc int[7 * 4];
        var passCount = h.Interlaced ? 7 : 1;
        long rawLength = 0;
        for (var p = 0; p < passCount; p++)
        {
            int x0 = h.Interlaced ? Adam7[4 * p] : 0, y0 = h.Interlaced ? Adam7[4 * p + 1] : 0;
            int dx = h.Interlaced ? Adam7[4 * p + 2] : 1, dy = h.Interlaced ? Adam7[4 * p + 3] : 1;
            int columns = (h.Width - x0 + dx - 1) / dx, rows = (h.Height - y0 + dy - 1) / dy;
            passes[4 * p] = columns;
            passes[4 * p + 1] = rows;
            // An empty pass has no rows at all, not even filter bytes.
            if (columns > 0 && rows > 0) rawLength += rows * (1 + h.RowBytes(columns));
        }
        if (rawLength > Array.MaxLength) throw new ImageDecodeException($"unsupported PNG: {h.Width}×{h.Height} is too large");

        var raw = ArrayPool<byte>.Shared.Rent((int)rawLength);
        try
        {
            Inflate(compressed, raw.AsSpan(0, (int)rawLength));
            var rgbLength = 3 * h.Width * h.Height;
            var rgb = pooled ? ArrayPool<byte>.Shared.Rent(rgbLength) : new byte[rgbLength];
            var offset = 0;
            for (var p = 0; p < passCount; p++)
            {
                int columns = passes[4 * p], rows = passes[4 * p + 1];
                if (columns == 0 || rows == 0) continue;
                int x0 = h.Interlaced ? Adam7[4 * p] : 0, y0 = h.Interlaced ? Adam7[4 * p + 1] : 0;
                int dx = h.Interlaced ? Adam7[4 * p + 2] : 1, dy = h.Interlaced ? Adam7[4 * p + 3] : 1;
                var rowBytes = (int)h.RowBytes(columns);
                var previous = Span<byte>.Empty;
                for (var r = 0; r < rows; r++)
                {
                    var filter = raw[offset];
                    var row = raw.AsSpan(offset + 1, rowBytes);
                    Unfilter(filter, row, previous, h.FilterStride, y0 + r * dy);
                    ToRgb(h, palette, row, columns, rgb.AsSpan(3 * ((y0 + r * dy) * h.Width + x0)), 3 * dx);
                    previous = row;
                    offset += 1 + rowBytes;
                }
            }
            return rgb;
        }
        finally { ArrayPool<byte>.Shared.Return(raw); }
    }

    static void Inflate(ReadOnlySpan<byte> compressed, Span<byte> raw)
    {
        var input = ArrayPool<byte>.Shared.Rent(compressed.Length);
        try
        {
            compressed.CopyTo(input);
            using var stream = new ZLibStream(new MemoryStream(input, 0, compressed.Length, writable: false), CompressionMode.Decompress);
            var filled = 0;
            while (filled < raw.Length)
            {
                var read = stream.Read(raw[filled..]);
                if (read == 0) throw new ImageDecodeException($"truncated PNG: image data ends after {filled} of {raw.Length} bytes");
                filled += read;
            }
        }
        catch (InvalidDataException e)
        {
            throw new ImageDecodeException($"corrupt PNG: image data does not inflate ({e.Message})", e);
        }
        finally { ArrayPool<byte>.Shared.Return(input); }
    }

    /// <summary>Reverses a row's filter in place; <paramref name="previous"/> is the unfiltered row above (empty for the first).</summary>
    static void Unfilter(byte filter, Span<byte> row, ReadOnlySpan<byte> previous, int stride, int y)
    {
        if (filter > 4) throw new ImageDecodeException($"corrupt PNG: row {y} has filter type {filter} (0..4)");
        if (previous.IsEmpty)
        {
            // The first row of a pass: the row above is zeros, so Up changes nothing, Paeth is Sub, Average halves the left.
            if (filter is 1 or 4) for (var i = stride; i < row.Length; i++) row[i] += row[i - stride];
            else if (filter == 3) for (var i = stride; i < row.Length; i++) row[i] += (byte)(row[i - stride] >> 1);
            return;
        }
        previous = previous[..row.Length];
        switch (filter)
        {
            case 1: // Sub
                for (var i = stride; i < row.Length; i++) row[i] += row[i - stride];
                break;
            case 2: // Up: bytewise addition, a vector at a time
                var v = 0;
                for (; v <= row.Length - Vector<byte>.Count; v += Vector<byte>.Count)
                    (new Vector<byte>(row[v..]) + new Vector<byte>(previous[v..])).CopyTo(row[v..]);
                for (; v < row.Length; v++) row[v] += previous[v];
                break;
            case 3: // Average
                for (var i = 0; i < stride; i++) row[i] += (byte)(previous[i] >> 1);
                for (var i = stride; i < row.Length; i++) row[i] += (byte)((row[i - stride] + previous[i]) >> 1);
                break;
            case 4: // Paeth; on the first pixel left and upper-left are 0, which predicts "up"
                for (var i = 0; i < stride; i++) row[i] += previous[i];
                for (var i = stride; i < row.Length; i++)
                {
                    // a if pa ≤ pb and pa ≤ pc, else b if pb ≤ pc, else c — with masks, as photos make branches unpredictable.
                    int a = row[i - stride], b = previous[i], c = previous[i - stride];
                    int pa = Math.Abs(b - c), pb = Math.Abs(a - c), pc = Math.Abs(a + b - 2 * c);
                    var cOverB = (pc - pb) >> 31;
                    int bOrC = (b & ~cOverB) | (c & cOverB), least = (pb & ~cOverB) | (pc & cOverB);
                    var notA = (least - pa) >> 31;
                    row[i] += (byte)((a & ~notA) | (bOrC & notA));
                }
                break;
        }
    }

    /// <summary>Writes a row's pixels as RGB at <paramref name="destination"/>, <paramref name="step"/> bytes apart.</summary>
    static void ToRgb(Header h, byte[]? palette, ReadOnlySpan<byte> row, int columns, Span<byte> destination, int step)
    {
        var wide = h.BitDepth == 16 ? 2 : 1; // 16-bit samples are big-endian: the high byte comes first
        switch (h.ColorType)
        {
            case Rgb or Rgba:
                var pixel = h.Channels * wide;
                if (pixel == 3 && step == 3)
                {
                    row[..(3 * columns)].CopyTo(destination);
                    break;
                }
                for (int x = 0, s = 0, d = 0; x < columns; x++, s += pixel, d += step)
                {
                    destination[d] = row[s];
                    destination[d + 1] = row[s + wide];
                    destination[d + 2] = row[s + 2 * wide];
                }
                break;
            case GrayAlpha:
                for (int x = 0, s = 0, d = 0; x < columns; x++, s += 2 * wide, d += step)
                    destination[d] = destination[d + 1] = destination[d + 2] = row[s];
                break;
            case Gray when h.BitDepth >= 8:
                for (int x = 0, s = 0, d = 0; x < columns; x++, s += wide, d += step)
                    destination[d] = destination[d + 1] = destination[d + 2] = row[s];
                break;
            case Gray:
                var max = (1 << h.BitDepth) - 1;
                for (int x = 0, d = 0; x < columns; x++, d += step)
                    destination[d] = destination[d + 1] = destination[d + 2] = (byte)(Sample(row, x, h.BitDepth) * 255 / max);
                break;
            default: // Palette
                var entries = palette!.Length / 3;
                for (int x = 0, d = 0; x < columns; x++, d += step)
                {
                    var index = h.BitDepth == 8 ? row[x] : Sample(row, x, h.BitDepth);
                    if (index >= entries) throw new ImageDecodeException($"corrupt PNG: palette index {index} with {entries} palette entries");
                    destination[d] = palette[3 * index];
                    destination[d + 1] = palette[3 * index + 1];
                    destination[d + 2] = palette[3 * index + 2];
                }
                break;
        }
    }

    /// <summary>The x-th sample of a row packed at 1, 2 or 4 bits, leftmost pixel in the high bits.</summary>
    static int Sample(ReadOnlySpan<byte> row, int x, int bits)
    {
        var bit = x * bits;
        return (row[bit >> 3] >> (8 - bits - (bit & 7))) & ((1 << bits) - 1);
    }

    /// <summary>CRC-32 (ISO 3309, as in zlib) of a chunk's type and data; eight bytes a step (slicing-by-8).</summary>
    static class Crc32
    {
        static readonly uint[] Tables = Build();

        static uint[] Build()
        {
            var tables = new uint[8 * 256];
            for (uint n = 0; n < 256; n++)
            {
                var c = n;
                for (var k = 0; k < 8; k++) c = (c & 1) != 0 ? 0xEDB88320u ^ (c >> 1) : c >> 1;
                tables[n] = c;
            }
            for (var t = 1; t < 8; t++)
                for (var n = 0; n < 256; n++)
                    tables[t * 256 + n] = (tables[(t - 1) * 256 + n] >> 8) ^ tables[tables[(t - 1) * 256 + n] & 0xFF];
            return tables;
        }

        public static uint Of(ReadOnlySpan<byte> type, ReadOnlySpan<byte> body) => ~Update(Update(0xFFFFFFFFu, type), body);

        static uint Update(uint crc, ReadOnlySpan<byte> bytes)
        {
            var t = Tables.AsSpan();
            while (bytes.Length >= 8)
            {
                var low = crc ^ BinaryPrimitives.ReadUInt32LittleEndian(bytes);
                var high = BinaryPrimitives.ReadUInt32LittleEndian(bytes[4..]);
                crc = t[7 * 256 + (int)(low & 0xFF)] ^ t[6 * 256 + (int)((low >> 8) & 0xFF)]
                    ^ t[5 * 256 + (int)((low >> 16) & 0xFF)] ^ t[4 * 256 + (int)(low >> 24)]
                    ^ t[3 * 256 + (int)(high & 0xFF)] ^ t[2 * 256 + (int)((high >> 8) & 0xFF)]
                    ^ t[256 + (int)((high >> 16) & 0xFF)] ^ t[(int)(high >> 24)];
                bytes = bytes[8..];
            }
            foreach (var b in bytes) crc = t[(int)((crc ^ b) & 0xFF)] ^ (crc >> 8);
            return crc;
        }
    }
}
