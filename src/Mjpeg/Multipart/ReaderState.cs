namespace Mjpeg.Multipart;

/// <summary>Where <see cref="MultipartFrameReader"/> is in the stream.</summary>
internal enum ReaderState
{
    /// <summary>First bytes of a connection: a delimiter, or (old ffmpeg mpjpeg) part headers straight away.</summary>
    StreamStart,

    /// <summary>After a part: optional line breaks, then a delimiter line.</summary>
    ExpectDelimiter,

    /// <summary>Reading the header lines of a part.</summary>
    Headers,

    /// <summary>Waiting for the Content-Length bytes of a JPEG body (never scanned).</summary>
    BodyWithLength,

    /// <summary>Scanning a length-less JPEG body for the next delimiter.</summary>
    BodyUntilDelimiter,

    /// <summary>Consuming the Content-Length bytes of a part that is skipped.</summary>
    SkipBody,

    /// <summary>Consuming everything up to the next delimiter (resynchronising, or skipping a length-less part).</summary>
    SeekDelimiter,
}
