using System.Buffers;
using static Mjpeg.Multipart.MultipartSyntax;

namespace Mjpeg.Multipart;

/// <summary>
/// Cuts a multipart/x-mixed-replace byte stream into JPEG frames, incrementally and without I/O.
/// </summary>
/// <remarks>
/// <para>Call <see cref="TryReadFrame"/> with everything buffered so far, repeatedly until it returns
/// false, then <c>AdvanceTo(buffer.Start, buffer.End)</c>. Bytes that cannot belong to a frame are
/// consumed even when no frame is returned, and every wait is bounded by
/// <see cref="MultipartReaderOptions"/>, so the remainder never exceeds <see cref="MaxRemainderBytes"/>.</para>
/// <para>State kept between calls (how far a body was scanned, how much of a skipped part is left) is
/// an offset from the start of the remainder, never a <see cref="SequencePosition"/>.</para>
/// <para>Framing is by Content-Length (the body is sliced, never scanned) or else by the next delimiter;
/// never by FF D8 / FF D9, which EXIF thumbnails put inside a frame. A frame is delivered only if it
/// starts with SOI and, unless disabled, ends with EOI: an O(1) consistency check that catches a
/// Content-Length that lies and a part cut off by a delimiter, without waiting for the next delimiter.</para>
/// <para>Not thread-safe: one reader per upstream connection.</para>
/// </remarks>
public sealed class MultipartFrameReader
{
    private readonly MultipartReaderOptions _options;
    private readonly MultipartDelimiter _delimiter;
    private readonly PartHeaders _headers = new();

    private ReaderState _state;

    // Offset (from the remainder's start) below which the current search found nothing, so it resumes there.
    private long _scanned;

    // Content-Length bytes of the current part still to receive (BodyWithLength) or to discard (SkipBody).
    private long _bodyLength;

    private long _headerBytes;
    private long _paddingBytes;
    private bool _countSkippedAsGarbage;
    private long _bytesScanned;

    /// <param name="boundary">The boundary, with or without leading dashes (as <see cref="MultipartContentType.TryGetBoundary"/> returns it, or as declared).</param>
    /// <param name="options">Limits; defaults when null.</param>
    /// <exception cref="ArgumentException">The boundary is empty or not printable ASCII (a caller error: validate with TryGetBoundary).</exception>
    public MultipartFrameReader(string boundary, MultipartReaderOptions? options = null)
    {
        _options = options ?? new MultipartReaderOptions();
        _options.Validate();
        _delimiter = new MultipartDelimiter(boundary);
        MaxRemainderBytes = Math.Max(_options.MaxHeaderBytes, (long)_options.MaxFrameBytes + MaxBodyTrailerBytes)
            + _delimiter.MaxPendingLineBytes;
        Reset();
    }

    /// <summary>
    /// The most bytes <see cref="TryReadFrame"/> ever leaves in its buffer for the caller to keep, whatever the
    /// camera sends and however its bytes are chunked: the larger of a header block and a length-less body with
    /// its delimiter trailer (MaxFrameBytes + 18), plus one delimiter line still waiting for its line end
    /// (boundary + 84 bytes of dashes and padding). See <see cref="MultipartReaderOptions"/>.
    /// </summary>
    public long MaxRemainderBytes { get; }

    /// <summary>What the reader has delivered and skipped since it was created.</summary>
    public MultipartReaderStats Stats { get; } = new();

    /// <summary>Bytes examined by searches; lets tests prove the reader never rescans (no quadratic work).</summary>
    internal long BytesScanned => _bytesScanned;

    /// <summary>Forgets the parsing state for a new connection. <see cref="Stats"/> keep counting.</summary>
    public void Reset()
    {
        _state = ReaderState.StreamStart;
        _scanned = 0;
        _bodyLength = 0;
        _headerBytes = 0;
        _paddingBytes = 0;
        _countSkippedAsGarbage = false;
        _headers.Clear();
    }

    /// <summary>
    /// Reads the next frame from <paramref name="buffer"/>. On true, <paramref name="jpeg"/> is a slice of the
    /// buffer holding one whole JPEG (valid until the caller advances its pipe) and <paramref name="buffer"/> starts
    /// after the consumed bytes. On false, <paramref name="buffer"/> is what must stay buffered. Never throws on bad input.
    /// </summary>
    public bool TryReadFrame(ref ReadOnlySequence<byte> buffer, out ReadOnlySequence<byte> jpeg)
    {
        jpeg = default;

        // A caller that hands back less than it kept must not leave offsets past the end.
        _scanned = Math.Min(_scanned, buffer.Length);

        while (true)
        {
            var step = _state switch
            {
                ReaderState.StreamStart or ReaderState.ExpectDelimiter => ExpectDelimiter(ref buffer),
                ReaderState.Headers => ReadHeaders(ref buffer),
                ReaderState.BodyWithLength => ReadBodyWithLength(ref buffer, ref jpeg),
                ReaderState.BodyUntilDelimiter => ReadBodyUntilDelimiter(ref buffer, ref jpeg),
                ReaderState.SkipBody => SkipBody(ref buffer),
                _ => SeekDelimiter(ref buffer),
            };

            if (step == ReadStep.NeedMoreData)
            {
                return false;
            }

            if (step == ReadStep.Frame)
            {
                Stats.FramesRead++;
                return true;
            }
        }
    }

    private ReadStep ExpectDelimiter(ref ReadOnlySequence<byte> buffer)
    {
        // Line breaks and padding between a part and the next delimiter are consumed as they come.
        long padding = new SequenceReader<byte>(buffer).AdvancePastAny(Cr, Lf, Space, Tab);
        _bytesScanned += padding;
        buffer = buffer.Slice(padding);
        _paddingBytes += padding;
        if (_paddingBytes > MaxDelimiterPaddingBytes)
        {
            Stats.GarbageBytesSkipped += padding;
            EnterSeekDelimiter(countAsGarbage: true);
            return ReadStep.Continue;
        }

        if (buffer.IsEmpty)
        {
            return ReadStep.NeedMoreData;
        }

        switch (_delimiter.Match(buffer, 0, out long lineEnd))
        {
            case DelimiterMatch.Part:
                buffer = buffer.Slice(lineEnd);
                EnterHeaders();
                return ReadStep.Continue;

            case DelimiterMatch.Close:
                // Whatever follows a closing delimiter is epilogue until a camera starts over.
                buffer = buffer.Slice(lineEnd);
                EnterExpectDelimiter();
                return ReadStep.Continue;

            case DelimiterMatch.NeedMoreData:
                return ReadStep.NeedMoreData;

            default:
                if (_state == ReaderState.StreamStart)
                {
                    // Old ffmpeg mpjpeg: the stream opens with part headers; delimiters follow each part.
                    EnterHeaders();
                }
                else
                {
                    EnterSeekDelimiter(countAsGarbage: true);
                }

                return ReadStep.Continue;
        }
    }

    private ReadStep ReadHeaders(ref ReadOnlySequence<byte> buffer)
    {
        while (true)
        {
            long lineFeed = SequenceSearch.IndexOf(buffer, _scanned, Lf, ref _bytesScanned);
            long lineBytes = lineFeed < 0 ? buffer.Length : lineFeed + 1;
            if (_headerBytes + lineBytes > _options.MaxHeaderBytes)
            {
                Stats.HeaderBlocksTooLarge++;
                EnterSeekDelimiter(countAsGarbage: false);
                return ReadStep.Continue;
            }

            if (lineFeed < 0)
            {
                _scanned = buffer.Length;
                return ReadStep.NeedMoreData;
            }

            var kind = _headers.Apply(buffer.Slice(0, lineFeed));
            if (kind == HeaderLine.Invalid)
            {
                // Leave the line in place: it may be the delimiter of the next part.
                EnterSeekDelimiter(countAsGarbage: true);
                return ReadStep.Continue;
            }

            buffer = buffer.Slice(lineBytes);
            _headerBytes += lineBytes;
            _scanned = 0;
            if (kind == HeaderLine.Blank)
            {
                BeginBody();
                return ReadStep.Continue;
            }
        }
    }

    private void BeginBody()
    {
        long? length = _headers.ContentLength;
        if (_headers.HasContentType && !_headers.IsJpegContentType)
        {
            Stats.PartsSkippedNotJpeg++;
            SkipPart(length);
        }
        else if (length > _options.MaxFrameBytes)
        {
            Stats.PartsSkippedOversized++;
            SkipPart(length: null);
        }
        else if (length is long bodyLength)
        {
            EnterBody(ReaderState.BodyWithLength, bodyLength);
        }
        else
        {
            EnterBody(ReaderState.BodyUntilDelimiter, bodyLength: 0);
        }
    }

    private ReadStep ReadBodyWithLength(ref ReadOnlySequence<byte> buffer, ref ReadOnlySequence<byte> jpeg)
    {
        if (_bodyLength < JpegMarkers.MinimumJpegBytes)
        {
            Stats.PartsSkippedNotJpeg++;
            SkipPart(_bodyLength);
            return ReadStep.Continue;
        }

        if (buffer.Length < JpegMarkers.MarkerLength)
        {
            return ReadStep.NeedMoreData;
        }

        if (!JpegMarkers.StartsWithStartOfImage(buffer))
        {
            Stats.PartsSkippedNotJpeg++;
            SkipPart(_bodyLength);
            return ReadStep.Continue;
        }

        // The fast path: wait for exactly Content-Length bytes, never look inside them.
        if (buffer.Length < _bodyLength)
        {
            return ReadStep.NeedMoreData;
        }

        var body = buffer.Slice(0, _bodyLength);
        if (!HasEndOfImage(body))
        {
            // The length lied: the real next delimiter may be inside these bytes, so resync from the body start.
            Stats.PartsTruncated++;
            EnterSeekDelimiter(countAsGarbage: true);
            return ReadStep.Continue;
        }

        jpeg = body;
        buffer = buffer.Slice(_bodyLength);
        EnterExpectDelimiter();
        return ReadStep.Frame;
    }

    private ReadStep ReadBodyUntilDelimiter(ref ReadOnlySequence<byte> buffer, ref ReadOnlySequence<byte> jpeg)
    {
        if (buffer.Length < JpegMarkers.MarkerLength)
        {
            return ReadStep.NeedMoreData;
        }

        if (!JpegMarkers.StartsWithStartOfImage(buffer))
        {
            Stats.PartsSkippedNotJpeg++;
            SkipPart(length: null);
            return ReadStep.Continue;
        }

        while (true)
        {
            long found = _delimiter.IndexOf(buffer, _scanned, ref _bytesScanned);
            if (found < 0)
            {
                // A delimiter may still start in the last Length-1 bytes; everything before is done.
                _scanned = Math.Max(_scanned, buffer.Length - (_delimiter.Length - 1));
                return WaitForBodyEnd();
            }

            switch (_delimiter.Match(buffer, found, out _))
            {
                case DelimiterMatch.NoMatch:
                    // "--boundary" inside the image data: not followed by a line end, keep going.
                    _scanned = found + 1;
                    continue;

                case DelimiterMatch.NeedMoreData:
                    // Bounded too: a camera can end every read in a "--boundary" that the next read disowns.
                    _scanned = found;
                    return WaitForBodyEnd();
            }

            long end = MultipartDelimiter.BodyEnd(buffer, found);
            var body = buffer.Slice(0, end);
            buffer = buffer.Slice(end);
            EnterExpectDelimiter();
            if (end > _options.MaxFrameBytes)
            {
                Stats.PartsSkippedOversized++;
                return ReadStep.Continue;
            }

            if (!HasEndOfImage(body))
            {
                Stats.PartsTruncated++;
                return ReadStep.Continue;
            }

            jpeg = body;
            return ReadStep.Frame;
        }
    }

    /// <summary>
    /// Every return for more bytes of a length-less body passes here: once no delimiter can end the body within
    /// MaxFrameBytes, the part is skipped from <see cref="_scanned"/> on instead of waited for.
    /// </summary>
    private ReadStep WaitForBodyEnd()
    {
        if (_scanned > (long)_options.MaxFrameBytes + MaxBodyTrailerBytes)
        {
            Stats.PartsSkippedOversized++;
            EnterSeekDelimiter(countAsGarbage: false, scanned: _scanned);
            return ReadStep.Continue;
        }

        return ReadStep.NeedMoreData;
    }

    private ReadStep SkipBody(ref ReadOnlySequence<byte> buffer)
    {
        long skipped = Math.Min(_bodyLength, buffer.Length);
        buffer = buffer.Slice(skipped);
        _bodyLength -= skipped;
        if (_bodyLength > 0)
        {
            return ReadStep.NeedMoreData;
        }

        EnterExpectDelimiter();
        return ReadStep.Continue;
    }

    private ReadStep SeekDelimiter(ref ReadOnlySequence<byte> buffer)
    {
        while (true)
        {
            long found = _delimiter.IndexOf(buffer, _scanned, ref _bytesScanned);
            if (found < 0)
            {
                // Keep only what could be the start of a delimiter: garbage never accumulates.
                long keep = Math.Min(buffer.Length - _scanned, _delimiter.Length - 1);
                Discard(ref buffer, buffer.Length - Math.Max(keep, 0));
                return ReadStep.NeedMoreData;
            }

            var match = _delimiter.Match(buffer, found, out _);
            if (match == DelimiterMatch.NoMatch)
            {
                _scanned = found + 1;
                continue;
            }

            Discard(ref buffer, found);
            if (match == DelimiterMatch.NeedMoreData)
            {
                return ReadStep.NeedMoreData;
            }

            EnterExpectDelimiter();
            return ReadStep.Continue;
        }
    }

    private void Discard(ref ReadOnlySequence<byte> buffer, long count)
    {
        buffer = buffer.Slice(count);
        _scanned = Math.Max(_scanned - count, 0);
        if (_countSkippedAsGarbage)
        {
            Stats.GarbageBytesSkipped += count;
        }
    }

    private bool HasEndOfImage(in ReadOnlySequence<byte> body) =>
        !_options.RequireEndOfImage || JpegMarkers.EndsWithEndOfImage(body, ref _bytesScanned);

    private void SkipPart(long? length)
    {
        if (length is long bodyLength && bodyLength <= _options.MaxFrameBytes)
        {
            EnterBody(ReaderState.SkipBody, bodyLength);
        }
        else
        {
            // No length, or one too large to trust: consume up to the next delimiter instead.
            EnterSeekDelimiter(countAsGarbage: false);
        }
    }

    private void EnterExpectDelimiter()
    {
        _state = ReaderState.ExpectDelimiter;
        _paddingBytes = 0;
        _scanned = 0;
    }

    private void EnterHeaders()
    {
        _state = ReaderState.Headers;
        _headers.Clear();
        _headerBytes = 0;
        _scanned = 0;
    }

    private void EnterBody(ReaderState state, long bodyLength)
    {
        _state = state;
        _bodyLength = bodyLength;
        _scanned = 0;
    }

    private void EnterSeekDelimiter(bool countAsGarbage, long scanned = 0)
    {
        _state = ReaderState.SeekDelimiter;
        _countSkippedAsGarbage = countAsGarbage;
        _scanned = scanned;
    }
}
