using System.Buffers;

namespace Mjpeg.Multipart;

/// <summary>
/// The two O(1) JPEG checks the reader allows itself. Framing never relies on FF D8 / FF D9:
/// EXIF thumbnails embed a whole JPEG, FF D9 included, inside the APP1 segment of a frame.
/// </summary>
internal static class JpegMarkers
{
    public const byte MarkerPrefix = 0xFF;
    public const byte StartOfImage = 0xD8;
    public const byte EndOfImage = 0xD9;
    public const int MarkerLength = 2;

    /// <summary>SOI + EOI: nothing smaller can be a JPEG.</summary>
    public const int MinimumJpegBytes = 2 * MarkerLength;

    /// <summary>
    /// How far from the end EOI may sit. Some encoders pad a frame after EOI (a CRLF, a few zeros);
    /// a slice cut at a wrong length ends in entropy-coded data or header text, where FF D9 cannot
    /// occur (entropy coding stuffs FF as FF 00), so a small window keeps the check trustworthy.
    /// </summary>
    public const int EndOfImageSearchWindow = 32;

    private static ReadOnlySpan<byte> EndOfImageMarker => [MarkerPrefix, EndOfImage];

    /// <summary>Caller guarantees at least <see cref="MarkerLength"/> bytes.</summary>
    public static bool StartsWithStartOfImage(in ReadOnlySequence<byte> data)
    {
        var first = data.FirstSpan;
        if (first.Length >= MarkerLength)
        {
            return first[0] == MarkerPrefix && first[1] == StartOfImage;
        }

        Span<byte> marker = stackalloc byte[MarkerLength];
        data.Slice(0, MarkerLength).CopyTo(marker);
        return marker[0] == MarkerPrefix && marker[1] == StartOfImage;
    }

    /// <summary>True if EOI appears after SOI within the last <see cref="EndOfImageSearchWindow"/> bytes.</summary>
    public static bool EndsWithEndOfImage(in ReadOnlySequence<byte> body, ref long bytesScanned)
    {
        long window = Math.Min(body.Length - MarkerLength, EndOfImageSearchWindow);
        if (window < MarkerLength)
        {
            return false;
        }

        Span<byte> tail = stackalloc byte[EndOfImageSearchWindow];
        tail = tail[..(int)window];
        body.Slice(body.Length - window).CopyTo(tail);
        bytesScanned += window;
        return tail.IndexOf(EndOfImageMarker) >= 0;
    }
}
