using System.Buffers;
using System.Buffers.Text;
using System.Text;
using static Mjpeg.Multipart.MultipartSyntax;

namespace Mjpeg.Multipart;

/// <summary>
/// The two headers the reader cares about, collected line by line. Names are case-insensitive,
/// every other header is ignored, and a Content-Length that is malformed or given twice with
/// different values is treated as absent (the body is then framed by the delimiter instead).
/// </summary>
internal sealed class PartHeaders
{
    private const long NoLength = -1;

    // Line copies for the rare header line that straddles two segments.
    private static readonly ArrayPool<byte> LinePool = ArrayPool<byte>.Shared;

    private long _contentLength = NoLength;
    private bool _contentLengthConflict;

    /// <summary>A Content-Type header was present.</summary>
    public bool HasContentType { get; private set; }

    /// <summary>The Content-Type was a JPEG media type.</summary>
    public bool IsJpegContentType { get; private set; }

    /// <summary>The usable Content-Length, or null when the body must be framed by the delimiter.</summary>
    public long? ContentLength => _contentLength == NoLength || _contentLengthConflict ? null : _contentLength;

    private static ReadOnlySpan<byte> JpegMediaType => "image/jpeg"u8;

    // Seen in the wild from cameras that misspell the media type.
    private static ReadOnlySpan<byte> JpgMediaType => "image/jpg"u8;

    private static ReadOnlySpan<byte> ProgressiveJpegMediaType => "image/pjpeg"u8;

    public void Clear()
    {
        _contentLength = NoLength;
        _contentLengthConflict = false;
        HasContentType = false;
        IsJpegContentType = false;
    }

    /// <summary>Applies one line, LF excluded.</summary>
    public HeaderLine Apply(in ReadOnlySequence<byte> line)
    {
        if (line.IsSingleSegment)
        {
            return Apply(line.FirstSpan);
        }

        int length = (int)line.Length;
        var rented = LinePool.Rent(length);
        try
        {
            line.CopyTo(rented);
            return Apply(rented.AsSpan(0, length));
        }
        finally
        {
            LinePool.Return(rented);
        }
    }

    private HeaderLine Apply(ReadOnlySpan<byte> line)
    {
        if (!line.IsEmpty && line[^1] == Cr)
        {
            line = line[..^1];
        }

        if (line.IsEmpty)
        {
            return HeaderLine.Blank;
        }

        // Obsolete line folding continues the previous header, which is one we ignore or have read.
        if (IsWhitespace(line[0]))
        {
            return HeaderLine.Header;
        }

        int colon = line.IndexOf(Colon);
        if (colon <= 0)
        {
            return HeaderLine.Invalid;
        }

        var name = line[..colon].TrimEnd(HeaderWhitespace);
        if (name.IsEmpty || !IsPrintableName(name))
        {
            return HeaderLine.Invalid;
        }

        var value = line[(colon + 1)..].Trim(HeaderWhitespace);
        if (Ascii.EqualsIgnoreCase(name, ContentTypeHeader))
        {
            ApplyContentType(value);
        }
        else if (Ascii.EqualsIgnoreCase(name, ContentLengthHeader))
        {
            ApplyContentLength(value);
        }

        return HeaderLine.Header;
    }

    private void ApplyContentType(ReadOnlySpan<byte> value)
    {
        int parameters = value.IndexOf(Semicolon);
        var mediaType = (parameters >= 0 ? value[..parameters] : value).TrimEnd(HeaderWhitespace);
        HasContentType = true;
        IsJpegContentType = Ascii.EqualsIgnoreCase(mediaType, JpegMediaType)
            || Ascii.EqualsIgnoreCase(mediaType, JpgMediaType)
            || Ascii.EqualsIgnoreCase(mediaType, ProgressiveJpegMediaType);
    }

    private void ApplyContentLength(ReadOnlySpan<byte> value)
    {
        // Digits only: Utf8Parser alone would accept a sign or stop early at junk.
        if (value.IsEmpty || value.IndexOfAnyExceptInRange(FirstDigit, LastDigit) >= 0
            || !Utf8Parser.TryParse(value, out long length, out int consumed) || consumed != value.Length)
        {
            return;
        }

        if (_contentLength != NoLength && _contentLength != length)
        {
            _contentLengthConflict = true;
        }

        _contentLength = length;
    }

    // Lenient on purpose (cameras invent names with spaces), strict enough that binary junk is rejected.
    private static bool IsPrintableName(ReadOnlySpan<byte> name)
    {
        foreach (byte b in name)
        {
            if ((b < FirstVisibleAscii || b > LastVisibleAscii) && !IsWhitespace(b))
            {
                return false;
            }
        }

        return true;
    }
}
