using System.Buffers.Binary;
using System.IO.Compression;
using System.Runtime.InteropServices;
using System.Text;
using BenchmarkDotNet.Attributes;
using Enjoin.Screening.Images;

namespace Enjoin.Bench;

/// <summary>
/// PDQ hashing of a listing photo (DESIGN §4.5): an 800×800 crop of the reference's bridge photo
/// (shared/pdq/dih/bridge-1-original.jpg), as a JPEG (quality 90, 4:2:0, encoded by libjpeg-turbo) and as a
/// PNG (RGB, Paeth-filtered, zlib optimal). Decode + hash from the file's bytes, decode alone, and hash alone
/// from RGB pixels — at 800×800 (the reference's 512 px thumbnail step, then PDQ) and at 512×512 (PDQ only).
/// Images per second = 1 / mean.
/// </summary>
[MemoryDiagnoser]
public partial class PdqBench
{
    const int Side = 800;

    byte[] _jpeg = null!;
    byte[] _png = null!;
    byte[] _rgb = null!;
    byte[] _rgb512 = null!;

    [GlobalSetup]
    public void Setup()
    {
        var photo = ImageDecoder.Decode(File.ReadAllBytes(FindPhoto()));
        _rgb = Crop(photo, (photo.Width - Side) / 2, (photo.Height - Side) / 2, Side);
        _rgb512 = Crop(photo, (photo.Width - 512) / 2, (photo.Height - 512) / 2, 512);
        _jpeg = EncodeJpeg(_rgb, Side, Side, quality: 90);
        _png = EncodePng(_rgb, Side, Side);
        Console.WriteLine($"// 800×800 listing photo: JPEG {_jpeg.Length / 1024} KiB, PNG {_png.Length / 1024} KiB; " +
            $"hash {PdqImage.Hash(_jpeg)} (JPEG), {PdqImage.Hash(_png).Hash} (PNG)");
    }

    [Benchmark(Description = "JPEG 800×800: decode + hash")]
    public PdqResult JpegDecodeAndHash() => PdqImage.Hash(_jpeg);

    [Benchmark(Description = "PNG 800×800: decode + hash")]
    public PdqResult PngDecodeAndHash() => PdqImage.Hash(_png);

    [Benchmark(Description = "JPEG 800×800: decode only")]
    public int JpegDecode() => ImageDecoder.Decode(_jpeg).Width;

    [Benchmark(Description = "PNG 800×800: decode only")]
    public int PngDecode() => ImageDecoder.Decode(_png).Width;

    [Benchmark(Description = "hash only, 800×800 RGB (thumbnail to 512 + PDQ)")]
    public PdqResult Hash800() => PdqHasher.FromRgb(_rgb, Side, Side);

    [Benchmark(Description = "hash only, 512×512 RGB (PDQ, no resize)")]
    public PdqResult Hash512() => PdqHasher.FromRgb(_rgb512, 512, 512);

    static string FindPhoto()
    {
        const string relative = "shared/pdq/dih/bridge-1-original.jpg";
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, relative))) return Path.Combine(dir.FullName, relative);
        throw new FileNotFoundException($"{relative} not found above {AppContext.BaseDirectory}");
    }

    static byte[] Crop(RgbImage image, int left, int top, int side)
    {
        var rgb = new byte[3 * side * side];
        for (var y = 0; y < side; y++)
            image.Pixels.AsSpan(3 * ((top + y) * image.Width + left), 3 * side).CopyTo(rgb.AsSpan(3 * y * side));
        return rgb;
    }

    static byte[] EncodePng(byte[] rgb, int width, int height)
    {
        var raw = new MemoryStream();
        var previous = new byte[3 * width];
        for (var y = 0; y < height; y++)
        {
            var row = rgb.AsSpan(3 * y * width, 3 * width);
            raw.WriteByte(4); // Paeth, the filter encoders pick most for photos
            for (var i = 0; i < row.Length; i++)
            {
                int a = i >= 3 ? row[i - 3] : 0, b = previous[i], c = i >= 3 ? previous[i - 3] : 0;
                int p = a + b - c, pa = Math.Abs(p - a), pb = Math.Abs(p - b), pc = Math.Abs(p - c);
                raw.WriteByte((byte)(row[i] - (pa <= pb && pa <= pc ? a : pb <= pc ? b : c)));
            }
            row.CopyTo(previous);
        }
        var compressed = new MemoryStream();
        using (var z = new ZLibStream(compressed, CompressionLevel.SmallestSize, leaveOpen: true)) raw.WriteTo(z);
        var png = new MemoryStream();
        png.Write([137, 80, 78, 71, 13, 10, 26, 10]);
        var header = new byte[13];
        BinaryPrimitives.WriteUInt32BigEndian(header, (uint)width);
        BinaryPrimitives.WriteUInt32BigEndian(header.AsSpan(4), (uint)height);
        (header[8], header[9]) = (8, 2);
        Chunk(png, "IHDR", header);
        Chunk(png, "IDAT", compressed.ToArray());
        Chunk(png, "IEND", []);
        return png.ToArray();
    }

    static void Chunk(Stream png, string type, byte[] body)
    {
        var bytes = new byte[12 + body.Length];
        BinaryPrimitives.WriteUInt32BigEndian(bytes, (uint)body.Length);
        Encoding.ASCII.GetBytes(type, bytes.AsSpan(4));
        body.CopyTo(bytes, 8);
        var crc = 0xFFFFFFFFu;
        foreach (var b in bytes.AsSpan(4, 4 + body.Length))
        {
            crc ^= b;
            for (var k = 0; k < 8; k++) crc = (crc & 1) != 0 ? 0xEDB88320u ^ (crc >> 1) : crc >> 1;
        }
        BinaryPrimitives.WriteUInt32BigEndian(bytes.AsSpan(8 + body.Length), ~crc);
        png.Write(bytes);
    }

    static byte[] EncodeJpeg(byte[] rgb, int width, int height, int quality)
    {
        var handle = InitCompress();
        if (handle == 0) throw new InvalidOperationException("tjInitCompress failed");
        try
        {
            nint buffer = 0;
            var size = new CULong(0);
            if (Compress(handle, rgb, width, 3 * width, height, 0 /* TJPF_RGB */, ref buffer, ref size, 2 /* TJSAMP_420 */, quality, 0) != 0)
                throw new InvalidOperationException("tjCompress2 failed");
            var jpeg = new byte[(int)size.Value];
            Marshal.Copy(buffer, jpeg, 0, jpeg.Length);
            Free(buffer);
            return jpeg;
        }
        finally { _ = Destroy(handle); }
    }

    const string TurboJpeg = "libturbojpeg.so.0";

    [LibraryImport(TurboJpeg, EntryPoint = "tjInitCompress")]
    private static partial nint InitCompress();

    [LibraryImport(TurboJpeg, EntryPoint = "tjCompress2")]
    private static partial int Compress(nint handle, ReadOnlySpan<byte> source, int width, int pitch, int height, int pixelFormat,
        ref nint jpeg, ref CULong jpegSize, int subsampling, int quality, int flags);

    [LibraryImport(TurboJpeg, EntryPoint = "tjFree")]
    private static partial void Free(nint buffer);

    [LibraryImport(TurboJpeg, EntryPoint = "tjDestroy")]
    private static partial int Destroy(nint handle);
}
