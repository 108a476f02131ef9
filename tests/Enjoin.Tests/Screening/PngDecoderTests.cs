using Enjoin.Screening.Images;

namespace Enjoin.Tests.Screening;

/// <summary>The managed PNG decoder: every colour type, bit depth and filter type, interlacing, and refusals.</summary>
public class PngDecoderTests
{
    // A picture with structure in both directions, so that a wrong filter or a wrong row shows.
    static int Red(int x, int y) => (x * 37 + y * 11) & 0xFF;
    static int Green(int x, int y) => (x * y + 3 * y) & 0xFF;
    static int Blue(int x, int y) => (255 - x * 5 + y * y) & 0xFF;

    static void AssertPixels(RgbImage image, int width, int height, Func<int, int, (int R, int G, int B)> expected)
    {
        Assert.Equal(width, image.Width);
        Assert.Equal(height, image.Height);
        for (var y = 0; y < height; y++)
            for (var x = 0; x < width; x++)
            {
                var (r, g, b) = expected(x, y);
                Assert.True(image[x, y] == ((byte)r, (byte)g, (byte)b), $"pixel ({x}, {y}) is {image[x, y]}, expected ({r}, {g}, {b})");
            }
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(-1)] // all five, a different one on each row
    public void Rgb_8_bit_decodes_exactly_through_each_filter_type(int filter)
    {
        var png = PngWriter.Encode(23, 17, PngWriter.Rgb, 8, (x, y, c) => c switch { 0 => Red(x, y), 1 => Green(x, y), _ => Blue(x, y) }, filter: filter);
        AssertPixels(ImageDecoder.Decode(png), 23, 17, (x, y) => (Red(x, y), Green(x, y), Blue(x, y)));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Rgba_drops_alpha_and_16_bit_keeps_the_high_byte(bool interlaced)
    {
        var rgba = PngWriter.Encode(19, 13, PngWriter.Rgba, 8, (x, y, c) => c switch { 0 => Red(x, y), 1 => Green(x, y), 2 => Blue(x, y), _ => x * 13 }, interlaced: interlaced);
        AssertPixels(ImageDecoder.Decode(rgba), 19, 13, (x, y) => (Red(x, y), Green(x, y), Blue(x, y)));

        var rgb16 = PngWriter.Encode(19, 13, PngWriter.Rgb, 16, (x, y, c) => (c switch { 0 => Red(x, y), 1 => Green(x, y), _ => Blue(x, y) }) << 8 | (x + y) & 0xFF, interlaced: interlaced);
        AssertPixels(ImageDecoder.Decode(rgb16), 19, 13, (x, y) => (Red(x, y), Green(x, y), Blue(x, y)));

        var rgba16 = PngWriter.Encode(19, 13, PngWriter.Rgba, 16, (x, y, c) => (c switch { 0 => Red(x, y), 1 => Green(x, y), 2 => Blue(x, y), _ => 7 }) << 8 | 0x55, interlaced: interlaced);
        AssertPixels(ImageDecoder.Decode(rgba16), 19, 13, (x, y) => (Red(x, y), Green(x, y), Blue(x, y)));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(4)]
    [InlineData(8)]
    [InlineData(16)]
    public void Grey_at_every_bit_depth_spreads_to_0_255(int bitDepth)
    {
        var max = (1 << bitDepth) - 1;
        int Level(int x, int y) => (x * 7 + y * 3) % (max + 1);
        var png = PngWriter.Encode(21, 9, PngWriter.Gray, bitDepth, (x, y, _) => Level(x, y));
        AssertPixels(ImageDecoder.Decode(png), 21, 9, (x, y) =>
        {
            var v = bitDepth == 16 ? Level(x, y) >> 8 : Level(x, y) * 255 / max;
            return (v, v, v);
        });
    }

    [Theory]
    [InlineData(8)]
    [InlineData(16)]
    public void Grey_with_alpha_drops_alpha(int bitDepth)
    {
        var png = PngWriter.Encode(10, 6, PngWriter.GrayAlpha, bitDepth, (x, y, c) => c == 0 ? (x * 20 + y) << (bitDepth - 8) : 99);
        AssertPixels(ImageDecoder.Decode(png), 10, 6, (x, y) => (x * 20 + y, x * 20 + y, x * 20 + y));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(4)]
    [InlineData(8)]
    public void Palette_images_look_up_their_colours(int bitDepth)
    {
        var entries = 1 << bitDepth;
        var palette = new byte[3 * entries];
        for (var i = 0; i < entries; i++) (palette[3 * i], palette[3 * i + 1], palette[3 * i + 2]) = ((byte)(i * 3), (byte)(255 - i), (byte)(i * 7));
        int Index(int x, int y) => (x + 2 * y) % entries;
        var png = PngWriter.Encode(13, 11, PngWriter.Palette, bitDepth, (x, y, _) => Index(x, y), palette);
        AssertPixels(ImageDecoder.Decode(png), 13, 11, (x, y) => (palette[3 * Index(x, y)], palette[3 * Index(x, y) + 1], palette[3 * Index(x, y) + 2]));
    }

    [Theory]
    [InlineData(1, 1)]
    [InlineData(3, 2)]
    [InlineData(8, 8)]
    [InlineData(9, 17)]
    [InlineData(33, 20)]
    public void Interlaced_images_equal_their_plain_twins(int width, int height)
    {
        int Sample(int x, int y, int c) => c switch { 0 => Red(x, y), 1 => Green(x, y), _ => Blue(x, y) };
        var plain = ImageDecoder.Decode(PngWriter.Encode(width, height, PngWriter.Rgb, 8, Sample));
        var adam7 = ImageDecoder.Decode(PngWriter.Encode(width, height, PngWriter.Rgb, 8, Sample, interlaced: true));
        Assert.Equal(plain.Pixels, adam7.Pixels);
        var grey = ImageDecoder.Decode(PngWriter.Encode(width, height, PngWriter.Gray, 2, (x, y, _) => (x + y) & 3, interlaced: true));
        AssertPixels(grey, width, height, (x, y) => (((x + y) & 3) * 85, ((x + y) & 3) * 85, ((x + y) & 3) * 85));
    }

    [Fact]
    public void Image_data_split_over_many_IDAT_chunks_is_joined()
    {
        var png = PngWriter.Encode(40, 30, PngWriter.Rgb, 8, (x, y, c) => (x * (c + 1) + y) & 0xFF, chunkSize: 7);
        AssertPixels(ImageDecoder.Decode(png), 40, 30, (x, y) => ((x + y) & 0xFF, (2 * x + y) & 0xFF, (3 * x + y) & 0xFF));
    }

    [Fact]
    public void A_png_hashes_as_its_pixels_do()
    {
        var rgb = new byte[3 * 64 * 48];
        for (var y = 0; y < 48; y++)
            for (var x = 0; x < 64; x++)
                (rgb[3 * (y * 64 + x)], rgb[3 * (y * 64 + x) + 1], rgb[3 * (y * 64 + x) + 2]) = ((byte)Red(x, y), (byte)Green(x, y), (byte)Blue(x, y));
        var png = PngWriter.Encode(64, 48, PngWriter.Rgb, 8, (x, y, c) => rgb[3 * (y * 64 + x) + c]);
        Assert.Equal(PdqHasher.FromRgb(rgb, 64, 48), PdqImage.Hash(png));
        Assert.Equal(ImageFormat.Png, ImageDecoder.Detect(png));
    }
}
