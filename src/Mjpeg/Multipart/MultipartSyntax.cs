namespace Mjpeg.Multipart;

/// <summary>Bytes and tolerances of the multipart wire format as cameras actually send it.</summary>
internal static class MultipartSyntax
{
    public const byte Cr = (byte)'\r';
    public const byte Lf = (byte)'\n';
    public const byte Space = (byte)' ';
    public const byte Tab = (byte)'\t';
    public const byte Dash = (byte)'-';
    public const byte Colon = (byte)':';
    public const byte Semicolon = (byte)';';
    public const byte FirstDigit = (byte)'0';
    public const byte LastDigit = (byte)'9';
    public const byte FirstVisibleAscii = 0x21;
    public const byte LastVisibleAscii = 0x7E;

    /// <summary>"--" in front of the boundary (RFC 2046).</summary>
    public const int DelimiterDashCount = 2;

    /// <summary>
    /// Dashes tolerated beyond the two of the RFC: a camera that declares boundary=--abc may write
    /// "--abc" or "----abc"; the reader matches the boundary without its leading dashes, so both fit.
    /// </summary>
    public const int MaxExtraDelimiterDashes = 16;

    /// <summary>
    /// Whitespace tolerated after a delimiter before its line end, and between a body and the next
    /// delimiter. Bounded so that a stream of blanks is garbage, not something to wait on forever.
    /// </summary>
    public const int MaxDelimiterPaddingBytes = 64;

    /// <summary>RFC 2046 allows 70; cameras are not always that disciplined, so allow more but not unbounded.</summary>
    public const int MaxBoundaryLength = 200;

    /// <summary>Bytes that may sit between a length-less body and the delimiter's "--": extra dashes, CR, LF.</summary>
    public const int MaxBodyTrailerBytes = MaxExtraDelimiterDashes + 2;

    public static ReadOnlySpan<byte> HeaderWhitespace => " \t"u8;

    public static ReadOnlySpan<byte> ContentTypeHeader => "Content-Type"u8;

    public static ReadOnlySpan<byte> ContentLengthHeader => "Content-Length"u8;

    public static bool IsWhitespace(byte b) => b is Space or Tab;
}
