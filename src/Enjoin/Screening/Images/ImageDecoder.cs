namespace Enjoin.Screening.Images;

public enum ImageFormat { Unknown, Png, Jpeg }

/// <summary>
/// Decodes PNG (managed, <see cref="PngDecoder"/>) and JPEG (libjpeg-turbo, <see cref="JpegDecoder"/>) to RGB.
/// The format is told by the file's first bytes, never by its name.
/// </summary>
public static class ImageDecoder
{
    /// <summary>
    /// Larger images are refused before anything is allocated for them: a 20-byte header can claim
    /// 4 billion pixels. 50 megapixels is well above any listing photo.
    /// </summary>
    public const long MaxPixels = 50_000_000;

    public static ImageFormat Detect(ReadOnlySpan<byte> data) =>
        PngDecoder.IsPng(data) ? ImageFormat.Png : JpegDecoder.IsJpeg(data) ? ImageFormat.Jpeg : ImageFormat.Unknown;

    /// <summary>Decodes a PNG or JPEG at full size; throws <see cref="ImageDecodeException"/> saying what is wrong with it.</summary>
    public static RgbImage Decode(ReadOnlySpan<byte> data)
    {
        switch (Detect(data))
        {
            case ImageFormat.Png:
                var png = PngDecoder.Decode(data, pooled: false, out var width, out var height, out _);
                return new RgbImage(width, height, png);
            case ImageFormat.Jpeg:
                var jpeg = JpegDecoder.Decode(data, pooled: false, null, out width, out height, out _, out _);
                return new RgbImage(width, height, jpeg);
            default:
                throw NotAnImage(data);
        }
    }

    internal static ImageDecodeException NotAnImage(ReadOnlySpan<byte> data) =>
        new(data.IsEmpty ? "empty file, not an image" : "not a PNG or JPEG image");

    internal static void CheckSize(int width, int height)
    {
        if (width <= 0 || height <= 0) throw new ImageDecodeException($"corrupt image: size {width}×{height}");
        if ((long)width * height > MaxPixels)
            throw new ImageDecodeException($"image of {width}×{height} pixels is over the {MaxPixels / 1_000_000} megapixel limit");
    }
}
