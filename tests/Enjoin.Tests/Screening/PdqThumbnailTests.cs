using System.Runtime.InteropServices;
using Enjoin.Screening.Images;

namespace Enjoin.Tests.Screening;

/// <summary>
/// The reference's reduction before PDQ (decision 009): Pillow's thumbnail size, the JPEG scale it decodes at,
/// and the three resampling paths (box reduction + bicubic, bicubic, nearest neighbour for palette images).
/// </summary>
public partial class PdqThumbnailTests
{
    [Theory]
    [InlineData(1600, 1004, 512, 321)]
    [InlineData(1004, 1600, 321, 512)]
    [InlineData(1432, 812, 512, 290)]
    [InlineData(600, 600, 512, 512)]
    [InlineData(513, 100, 512, 100)]
    [InlineData(5000, 10, 512, 1)]
    [InlineData(512, 512, 512, 512)]
    [InlineData(224, 399, 224, 399)]
    public void Thumbnail_size_keeps_the_aspect_within_512(int width, int height, int expectedWidth, int expectedHeight)
    {
        Assert.Equal((expectedWidth, expectedHeight), PdqThumbnail.Size(width, height));
    }

    [Theory]
    [InlineData(1600, 1004, 1)]
    [InlineData(2047, 2047, 1)]
    [InlineData(2048, 2048, 2)]
    [InlineData(4032, 3024, 2)]
    [InlineData(8000, 6000, 4)]
    [InlineData(9000, 9000, 8)]
    [InlineData(300, 200, 1)]
    public void Large_jpegs_are_decoded_at_the_scale_the_reference_drafts(int width, int height, int scale)
    {
        Assert.Equal(scale, PdqThumbnail.JpegScale(width, height));
    }

    static (byte[] Small, byte[] Large) Pattern(int side, int factor, int colours)
    {
        // A picture of a few colours with structure at several scales, blown up into factor×factor blocks.
        var small = new byte[3 * side * side];
        for (var y = 0; y < side; y++)
            for (var x = 0; x < side; x++)
            {
                var c = ((x / 16) * 3 + (y / 24) * 5 + (x * y / 500)) % colours;
                (small[3 * (y * side + x)], small[3 * (y * side + x) + 1], small[3 * (y * side + x) + 2]) = ((byte)(c * 40), (byte)(255 - c * 30), (byte)(c * 90 % 256));
            }
        var large = new byte[small.Length * factor * factor];
        var wide = side * factor;
        for (var y = 0; y < wide; y++)
            for (var x = 0; x < wide; x++)
                small.AsSpan(3 * ((y / factor) * side + x / factor), 3).CopyTo(large.AsSpan(3 * (y * wide + x)));
        return (small, large);
    }

    [Fact]
    public void A_palette_image_is_resized_by_nearest_neighbour()
    {
        // Every 2×2 block is one colour and nearest neighbour samples block centres: exactly the small picture.
        var (small, large) = Pattern(512, 2, 6);
        var palette = new byte[3 * 6];
        for (var c = 0; c < 6; c++) (palette[3 * c], palette[3 * c + 1], palette[3 * c + 2]) = ((byte)(c * 40), (byte)(255 - c * 30), (byte)(c * 90 % 256));
        int Index(int x, int y)
        {
            var p = 3 * (y * 1024 + x);
            for (var c = 0; c < 6; c++)
                if (large.AsSpan(p, 3).SequenceEqual(palette.AsSpan(3 * c, 3))) return c;
            throw new InvalidOperationException("colour not in the palette");
        }
        var png = PngWriter.Encode(1024, 1024, PngWriter.Palette, 8, (x, y, _) => Index(x, y), palette);
        Assert.Equal(PdqHasher.FromRgb(small, 512, 512), PdqImage.Hash(png));
    }

    [Fact]
    public void An_rgb_png_over_512_is_reduced_smoothly_and_stays_a_near_duplicate()
    {
        var (small, large) = Pattern(512, 3, 9);
        var png = PngWriter.Encode(1536, 1536, PngWriter.Rgb, 8, (x, y, c) => large[3 * (y * 1536 + x) + c]);
        var reduced = PdqImage.Hash(png);
        Assert.Equal(PdqHasher.FromRgb(large, 1536, 1536), reduced);
        Assert.True(reduced.Hash.IsNearDuplicateOf(PdqHasher.FromRgb(small, 512, 512).Hash));
    }

    [Fact]
    public void A_large_jpeg_is_hashed_from_its_reduced_scale_decode_and_stays_a_near_duplicate()
    {
        var photo = ImageDecoder.Decode(File.ReadAllBytes(PdqData.PathOf("bridge-mods/square-512x512.jpg")));
        const int factor = 5;
        var side = photo.Width * factor;
        var large = new byte[3 * side * side];
        for (var y = 0; y < side; y++)
            for (var x = 0; x < side; x++)
                photo.Pixels.AsSpan(3 * ((y / factor) * photo.Width + x / factor), 3).CopyTo(large.AsSpan(3 * (y * side + x)));
        var jpeg = EncodeJpeg(large, side, side, 95);
        Assert.Equal(2, PdqThumbnail.JpegScale(side, side));

        var fromFile = PdqImage.Hash(jpeg);
        var original = PdqHasher.FromRgb(photo.Pixels, photo.Width, photo.Height);
        Assert.Equal(100, fromFile.Quality);
        Assert.True(fromFile.Hash.DistanceTo(original.Hash) <= 8, $"distance {fromFile.Hash.DistanceTo(original.Hash)}");
    }

    static byte[] EncodeJpeg(byte[] rgb, int width, int height, int quality)
    {
        var handle = InitCompress();
        Assert.NotEqual(0, handle);
        try
        {
            nint buffer = 0;
            var size = new CULong(0);
            Assert.Equal(0, Compress(handle, rgb, width, 3 * width, height, 0 /* TJPF_RGB */, ref buffer, ref size, 2 /* 4:2:0 */, quality, 0));
            var jpeg = new byte[(int)size.Value];
            Marshal.Copy(buffer, jpeg, 0, jpeg.Length);
            Free(buffer);
            return jpeg;
        }
        finally { _ = Destroy(handle); }
    }

    [LibraryImport("libturbojpeg.so.0", EntryPoint = "tjInitCompress")]
    private static partial nint InitCompress();

    [LibraryImport("libturbojpeg.so.0", EntryPoint = "tjCompress2")]
    private static partial int Compress(nint handle, ReadOnlySpan<byte> source, int width, int pitch, int height, int pixelFormat,
        ref nint jpeg, ref CULong jpegSize, int subsampling, int quality, int flags);

    [LibraryImport("libturbojpeg.so.0", EntryPoint = "tjFree")]
    private static partial void Free(nint buffer);

    [LibraryImport("libturbojpeg.so.0", EntryPoint = "tjDestroy")]
    private static partial int Destroy(nint handle);
}
