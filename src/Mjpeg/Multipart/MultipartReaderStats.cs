namespace Mjpeg.Multipart;

/// <summary>
/// Monotonic counters of one <see cref="MultipartFrameReader"/>. They survive
/// <see cref="MultipartFrameReader.Reset"/> so they can back metrics counters directly.
/// Written by the reading loop only; 64-bit reads are atomic, so a metrics scrape may read them.
/// </summary>
public sealed class MultipartReaderStats
{
    /// <summary>Complete JPEG frames returned.</summary>
    public long FramesRead { get; internal set; }

    /// <summary>Parts whose Content-Type was not JPEG or whose body did not start with SOI (FF D8).</summary>
    public long PartsSkippedNotJpeg { get; internal set; }

    /// <summary>Parts larger than <see cref="MultipartReaderOptions.MaxFrameBytes"/>, consumed without being buffered whole.</summary>
    public long PartsSkippedOversized { get; internal set; }

    /// <summary>JPEG parts dropped because they were incomplete: cut off by a delimiter, or a Content-Length that lied.</summary>
    public long PartsTruncated { get; internal set; }

    /// <summary>Bytes discarded while hunting for a delimiter: preamble, junk between parts, the rest of a truncated part.</summary>
    public long GarbageBytesSkipped { get; internal set; }

    /// <summary>Part header blocks longer than <see cref="MultipartReaderOptions.MaxHeaderBytes"/>.</summary>
    public long HeaderBlocksTooLarge { get; internal set; }
}
