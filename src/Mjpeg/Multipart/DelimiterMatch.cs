namespace Mjpeg.Multipart;

/// <summary>What the bytes at a position are, as far as a multipart delimiter line goes.</summary>
internal enum DelimiterMatch
{
    /// <summary>Not a delimiter line.</summary>
    NoMatch,

    /// <summary>A prefix of a possible delimiter line: wait for more bytes (bounded by the syntax limits).</summary>
    NeedMoreData,

    /// <summary>"--boundary", optional whitespace, line end: a part follows.</summary>
    Part,

    /// <summary>"--boundary--": the closing delimiter.</summary>
    Close,
}
