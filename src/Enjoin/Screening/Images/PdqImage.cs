using System.Buffers;

namespace Enjoin.Screening.Images;

/// <summary>
/// PDQ hashes of encoded images, computed as the reference hashes an image file (pdq/python
/// <c>PDQHasher.fromFile</c>): decoded, reduced to fit 512×512 (<see cref="PdqThumbnail"/>), then hashed.
/// </summary>
public static class PdqImage
{
    /// <summary>Files larger than this are not read: no listing photo within <see cref="ImageDecoder.MaxPixels"/> needs more.</summary>
    public const long MaxFileBytes = 256L * 1024 * 1024;

    /// <summary>Decodes and hashes a PNG or JPEG; throws <see cref="ImageDecodeException"/> if it cannot.</summary>
    public static PdqResult Hash(ReadOnlySpan<byte> encoded)
    {
        int width, height;
        byte[] rgb;
        switch (ImageDecoder.Detect(encoded))
        {
            case ImageFormat.Png:
                rgb = PngDecoder.Decode(encoded, pooled: true, out width, out height, out var kind);
                try { return PdqHasher.FromPixels(rgb, width, height, width, height, PdqThumbnail.Size(width, height), kind); }
                finally { ArrayPool<byte>.Shared.Return(rgb); }
            case ImageFormat.Jpeg:
                // A large JPEG is decoded at 1/2, 1/4 or 1/8 scale, as the reference's decoder is asked to (its draft mode).
                rgb = JpegDecoder.Decode(encoded, pooled: true, PdqThumbnail.JpegScale, out width, out height, out var fullWidth, out var fullHeight);
                try
                {
                    var scale = (double)PdqThumbnail.JpegScale(fullWidth, fullHeight);
                    return PdqHasher.FromPixels(rgb, width, height, fullWidth / scale, fullHeight / scale,
                        PdqThumbnail.Size(fullWidth, fullHeight), ResizeKind.Smooth);
                }
                finally { ArrayPool<byte>.Shared.Return(rgb); }
            default:
                throw ImageDecoder.NotAnImage(encoded);
        }
    }

    /// <summary>
    /// Reads and hashes an image file. A missing, unreadable or undecodable file is an
    /// <see cref="ImageDecodeException"/> whose message says which of these (the caller names the file).
    /// </summary>
    public static PdqResult HashFile(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        byte[] bytes;
        try
        {
            if (Directory.Exists(path)) throw new ImageDecodeException("is a directory, not an image file");
            var length = new FileInfo(path).Length;
            if (length > MaxFileBytes) throw new ImageDecodeException($"file of {length / (1024 * 1024)} MiB is over the {MaxFileBytes / (1024 * 1024)} MiB limit for an image");
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new ImageDecodeException("no such file", e);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ImageDecodeException($"cannot be read: {e.Message}", e);
        }
        return Hash(bytes);
    }
}
