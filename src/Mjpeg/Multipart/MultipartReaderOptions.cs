namespace Mjpeg.Multipart;

/// <summary>
/// Limits for <see cref="MultipartFrameReader"/>. The stream comes from a camera, i.e. untrusted input:
/// every limit here bounds how much memory one upstream connection can pin.
/// </summary>
/// <remarks>
/// The bound, on every path that waits for more bytes: a reader never leaves more than
/// max(<see cref="MaxHeaderBytes"/>, <see cref="MaxFrameBytes"/> + 18) + boundary length + 84 bytes
/// buffered (the 18 are the dashes and line end that may sit between a length-less body and its delimiter,
/// the 84 one delimiter line still waiting for its line end: extra dashes, "--" and padding).
/// <see cref="MultipartFrameReader.MaxRemainderBytes"/> gives the figure for one reader. With the
/// defaults and a 12-byte boundary that is 8 MiB + 114 bytes.
/// </remarks>
public sealed class MultipartReaderOptions
{
    /// <summary>Default for <see cref="MaxHeaderBytes"/>: 8 KiB.</summary>
    public const int DefaultMaxHeaderBytes = 8 * 1024;

    /// <summary>Default for <see cref="MaxFrameBytes"/>: 8 MiB.</summary>
    public const int DefaultMaxFrameBytes = 8 * 1024 * 1024;

    /// <summary>
    /// Largest header block of one part (all header lines plus the blank line). Default 8 KiB:
    /// a camera sends two or three short lines (about 100 bytes, a few hundred with vendor
    /// X- headers), so 8 KiB is generous, yet a stream that never sends the blank line pins
    /// at most this much before the block is dropped and the reader resynchronises.
    /// </summary>
    public int MaxHeaderBytes { get; init; } = DefaultMaxHeaderBytes;

    /// <summary>
    /// Largest JPEG delivered. Default 8 MiB: a 4K frame at high quality is 1–3 MB, so real
    /// frames fit with room to spare, while a part that lies about its size or never ends is
    /// skipped (consumed as it arrives, never buffered whole) after at most this many bytes.
    /// </summary>
    public int MaxFrameBytes { get; init; } = DefaultMaxFrameBytes;

    /// <summary>
    /// Deliver a frame only if its last bytes hold the JPEG EOI marker (FF D9). Default true:
    /// this O(1) tail check is what proves that a Content-Length was honest (a length that lies
    /// ends the slice inside other data) and that a length-less part was not cut off, without
    /// scanning the body or waiting for the next delimiter. Turn off only for an encoder that
    /// omits EOI; truncated parts are then delivered as they are.
    /// </summary>
    public bool RequireEndOfImage { get; init; } = true;

    internal void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxHeaderBytes, 1, nameof(MaxHeaderBytes));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxFrameBytes, JpegMarkers.MinimumJpegBytes, nameof(MaxFrameBytes));
    }
}
