using System.Buffers;
using System.Runtime.InteropServices;

namespace Enjoin.Screening.Images;

/// <summary>
/// JPEG to 8-bit RGB through the system's libjpeg-turbo (TurboJPEG 2.x API, Debian package
/// <c>libturbojpeg0</c>), with libjpeg's defaults — accurate integer IDCT and smooth chroma upsampling — which
/// are what the PDQ reference tools decode with. Any libjpeg warning (a truncated or corrupt stream, which
/// libjpeg would otherwise paint grey) is an error: a hash of half a picture is not evidence.
/// </summary>
static partial class JpegDecoder
{
    const string Library = "libturbojpeg.so.0";

    const int PixelFormatRgb = 0;           // TJPF_RGB
    const int ColorspaceCmyk = 3, ColorspaceYcck = 4; // TJCS_CMYK, TJCS_YCCK
    const int StopOnWarning = 8192;         // TJFLAG_STOPONWARNING
    const int LimitScans = 32768;           // TJFLAG_LIMITSCANS: refuse progressive files with absurd scan counts

    public static bool IsJpeg(ReadOnlySpan<byte> data) => data.Length >= 3 && data[0] == 0xFF && data[1] == 0xD8 && data[2] == 0xFF;

    /// <summary>
    /// Decodes to packed RGB; the buffer comes from the array pool when <paramref name="pooled"/>. With
    /// <paramref name="scaleOf"/>, the image is decoded at 1/s of its size (s = 1, 2, 4 or 8, chosen from the full
    /// size) by libjpeg's DCT scaling: <paramref name="width"/>×<paramref name="height"/> are then ⌈W/s⌉×⌈H/s⌉
    /// and <paramref name="fullWidth"/>×<paramref name="fullHeight"/> are W×H.
    /// </summary>
    public static byte[] Decode(ReadOnlySpan<byte> data, bool pooled, Func<int, int, int>? scaleOf,
        out int width, out int height, out int fullWidth, out int fullHeight)
    {
        if (!IsJpeg(data)) throw new ImageDecodeException("not a JPEG file (no SOI marker)");
        nint handle;
        try { handle = InitDecompress(); }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            throw new ImageDecodeException($"JPEG decoding needs {Library} (libjpeg-turbo; Debian package libturbojpeg0): {e.Message}", e);
        }
        if (handle == 0) throw new ImageDecodeException($"JPEG decoder could not start: {ErrorText(0)}");
        try
        {
            var size = new CULong((nuint)data.Length);
            if (DecompressHeader(handle, data, size, out fullWidth, out fullHeight, out _, out var colorspace) != 0)
                throw new ImageDecodeException($"corrupt JPEG: {ErrorText(handle)}");
            // libjpeg reads a header cut short as "tables only", with no frame: no size at all.
            if (fullWidth <= 0 || fullHeight <= 0) throw new ImageDecodeException("truncated or corrupt JPEG: no frame header (SOF) before the data ends");
            if (colorspace is ColorspaceCmyk or ColorspaceYcck)
                throw new ImageDecodeException("unsupported JPEG: CMYK colour (only greyscale and YCbCr/RGB JPEGs are hashed)");
            ImageDecoder.CheckSize(fullWidth, fullHeight);
            var scale = scaleOf?.Invoke(fullWidth, fullHeight) ?? 1;
            width = (fullWidth + scale - 1) / scale;
            height = (fullHeight + scale - 1) / scale;
            var length = 3 * width * height;
            var rgb = pooled ? ArrayPool<byte>.Shared.Rent(length) : new byte[length];
            if (Decompress(handle, data, size, rgb, width, 3 * width, height, PixelFormatRgb, StopOnWarning | LimitScans) != 0)
            {
                if (pooled) ArrayPool<byte>.Shared.Return(rgb);
                throw new ImageDecodeException($"corrupt or truncated JPEG: {ErrorText(handle)}");
            }
            return rgb;
        }
        finally { _ = Destroy(handle); }
    }

    static string ErrorText(nint handle) => Marshal.PtrToStringUTF8(ErrorString(handle))?.Trim() is { Length: > 0 } text ? text : "unknown error";

    [LibraryImport(Library, EntryPoint = "tjInitDecompress")]
    private static partial nint InitDecompress();

    [LibraryImport(Library, EntryPoint = "tjDecompressHeader3")]
    private static partial int DecompressHeader(nint handle, ReadOnlySpan<byte> jpeg, CULong size,
        out int width, out int height, out int subsampling, out int colorspace);

    [LibraryImport(Library, EntryPoint = "tjDecompress2")]
    private static partial int Decompress(nint handle, ReadOnlySpan<byte> jpeg, CULong size,
        Span<byte> destination, int width, int pitch, int height, int pixelFormat, int flags);

    [LibraryImport(Library, EntryPoint = "tjDestroy")]
    private static partial int Destroy(nint handle);

    /// <summary>Owned by the library: a static buffer (null handle) or the handle's own; never freed here.</summary>
    [LibraryImport(Library, EntryPoint = "tjGetErrorStr2")]
    private static partial nint ErrorString(nint handle);
}
