using System.Buffers.Binary;
using Enjoin.Screening.Images;

namespace Enjoin.Tests.Screening;

/// <summary>Bad, corrupt and truncated images are refused with <see cref="ImageDecodeException"/> saying why — never a crash.</summary>
public class ImageDecodeErrorTests
{
    static byte[] SmallPng() => PngWriter.Encode(16, 16, PngWriter.Rgb, 8, (x, y, c) => (x * 16 + y + c) & 0xFF);

    static ImageDecodeException Refused(byte[] data)
    {
        var decode = Assert.Throws<ImageDecodeException>(() => ImageDecoder.Decode(data));
        var hash = Assert.Throws<ImageDecodeException>(() => PdqImage.Hash(data));
        Assert.Equal(decode.Message, hash.Message);
        Assert.False(string.IsNullOrWhiteSpace(decode.Message));
        return decode;
    }

    [Fact]
    public void Not_an_image_is_refused_by_its_content_whatever_its_name()
    {
        Assert.Contains("not a PNG or JPEG", Refused("GIF89a not supported"u8.ToArray()).Message);
        Assert.Contains("empty", Refused([]).Message);
        Assert.Contains("not a PNG or JPEG", Refused("{\"id\": \"L-1\"}"u8.ToArray()).Message);
        Assert.Equal(ImageFormat.Unknown, ImageDecoder.Detect("BM6"u8));
    }

    [Fact]
    public void A_png_cut_short_anywhere_is_refused()
    {
        var png = SmallPng();
        for (var length = 1; length < png.Length; length++)
        {
            var cut = png[..length];
            var e = Assert.Throws<ImageDecodeException>(() => ImageDecoder.Decode(cut));
            Assert.False(string.IsNullOrWhiteSpace(e.Message));
        }
        Assert.Contains("truncated", Refused(png[..(png.Length - 12)]).Message); // no IEND
    }

    [Fact]
    public void A_flipped_bit_in_any_chunk_fails_its_crc()
    {
        var png = SmallPng();
        for (var i = 8; i < png.Length; i += 5)
        {
            var bad = (byte[])png.Clone();
            bad[i] ^= 0x10;
            Assert.Throws<ImageDecodeException>(() => ImageDecoder.Decode(bad));
        }
        var data = (byte[])png.Clone();
        data[8 + 8 + 4] ^= 1; // inside IHDR's width
        Assert.Contains("CRC", Refused(data).Message);
    }

    [Fact]
    public void Bad_headers_and_bad_image_data_are_named()
    {
        Assert.Contains("colour type 2 with bit depth 4", Refused(WithHeader(SmallPng(), h => h[8] = 4)).Message);
        Assert.Contains("interlace method 7", Refused(WithHeader(SmallPng(), h => h[12] = 7)).Message);
        Assert.Contains("megapixel", Refused(WithHeader(SmallPng(), h => BinaryPrimitives.WriteUInt32BigEndian(h, 10_000_000))).Message);
        Assert.Contains("size 0", Refused(WithHeader(SmallPng(), h => BinaryPrimitives.WriteUInt32BigEndian(h, 0))).Message);

        // A filter byte of 9 (rows are filter byte + data).
        var badFilter = PngWriter.Encode(4, 4, PngWriter.Gray, 8, (x, y, _) => x, filter: 0);
        Assert.Contains("filter type", Refused(Recompress(badFilter, raw => raw[5] = 9)).Message);
        // Image data that ends early.
        Assert.Contains("truncated", Refused(Recompress(badFilter, _ => { }, shorten: 3)).Message);
        // Not zlib at all.
        Assert.Contains("inflate", Refused(ReplaceIdat(badFilter, [1, 2, 3, 4, 5, 6, 7, 8])).Message);
        // A palette index beyond the palette.
        var palette = PngWriter.Encode(4, 4, PngWriter.Palette, 8, (x, _, _) => x, palette: [1, 2, 3, 4, 5, 6]);
        Assert.Contains("palette index", Refused(palette).Message);
    }

    [Fact]
    public void A_palette_image_without_a_palette_is_refused()
    {
        var png = PngWriter.Encode(4, 4, PngWriter.Palette, 8, (_, _, _) => 0);
        Assert.Contains("PLTE", Refused(png).Message);
    }

    [Fact]
    public void A_jpeg_cut_short_is_refused_not_painted_grey()
    {
        var jpeg = File.ReadAllBytes(PdqData.PathOf("labelme/q0122.jpg"));
        Assert.Equal(ImageFormat.Jpeg, ImageDecoder.Detect(jpeg));
        foreach (var fraction in new[] { 0.001, 0.01, 0.1, 0.5, 0.9, 0.99 })
        {
            var cut = jpeg[..Math.Max(3, (int)(jpeg.Length * fraction))];
            Assert.Contains("JPEG", Refused(cut).Message);
        }
    }

    [Fact]
    public void A_jpeg_with_garbage_inside_is_refused()
    {
        var jpeg = File.ReadAllBytes(PdqData.PathOf("labelme/q0122.jpg"));
        var random = new Random(6);
        var garbled = (byte[])jpeg.Clone();
        random.NextBytes(garbled.AsSpan(jpeg.Length / 3, jpeg.Length / 3));
        Assert.Contains("JPEG", Refused(garbled).Message);
        var header = (byte[])jpeg.Clone();
        random.NextBytes(header.AsSpan(3, 200));
        Assert.Contains("JPEG", Refused(header).Message);
        Assert.Contains("JPEG", Refused([0xFF, 0xD8, 0xFF, 0xE0, 0, 16]).Message);
    }

    [Fact]
    public void A_missing_file_or_a_directory_is_an_image_error_too()
    {
        Assert.Contains("no such file", Assert.Throws<ImageDecodeException>(() => PdqImage.HashFile("/no/such/photo.jpg")).Message);
        Assert.Contains("directory", Assert.Throws<ImageDecodeException>(() => PdqImage.HashFile(Path.GetTempPath())).Message);
    }

    static byte[] WithHeader(byte[] png, Action<byte[]> change)
    {
        var header = png.AsSpan(16, 13).ToArray();
        change(header);
        var output = new MemoryStream();
        output.Write(png.AsSpan(0, 8));
        PngWriter.Chunk(output, "IHDR", header);
        output.Write(png.AsSpan(8 + 25));
        return output.ToArray();
    }

    /// <summary>Decompresses the (single) IDAT, changes the raw rows, recompresses.</summary>
    static byte[] Recompress(byte[] png, Action<byte[]> change, int shorten = 0)
    {
        var (start, length) = Idat(png);
        using var z = new System.IO.Compression.ZLibStream(new MemoryStream(png, start, length), System.IO.Compression.CompressionMode.Decompress);
        var raw = new MemoryStream();
        z.CopyTo(raw);
        var bytes = raw.ToArray();
        change(bytes);
        if (shorten > 0) bytes = bytes[..^shorten];
        var compressed = new MemoryStream();
        using (var w = new System.IO.Compression.ZLibStream(compressed, System.IO.Compression.CompressionLevel.Fastest, leaveOpen: true)) w.Write(bytes);
        return ReplaceIdat(png, compressed.ToArray());
    }

    static byte[] ReplaceIdat(byte[] png, byte[] body)
    {
        var (start, length) = Idat(png);
        var output = new MemoryStream();
        output.Write(png.AsSpan(0, start - 8));
        PngWriter.Chunk(output, "IDAT", body);
        output.Write(png.AsSpan(start + length + 4));
        return output.ToArray();
    }

    static (int Start, int Length) Idat(byte[] png)
    {
        for (var p = 8; p < png.Length;)
        {
            var length = (int)BinaryPrimitives.ReadUInt32BigEndian(png.AsSpan(p));
            if (png.AsSpan(p + 4, 4).SequenceEqual("IDAT"u8)) return (p + 8, length);
            p += 12 + length;
        }
        throw new InvalidOperationException("no IDAT");
    }
}
