using System.Buffers.Text;
using System.Text;

namespace MjpegGateway.Bench;

/// <summary>Receives each complete JPEG part the parser finds.</summary>
internal interface IFrameSink
{
    /// <param name="jpegHead">The first bytes of the JPEG (up to <see cref="MjpegResponseParser.HeadBytes"/>), where the simulator's stamp lives.</param>
    /// <param name="jpegLength">The whole JPEG's length, from the part's <c>Content-Length</c>.</param>
    void OnFrame(ReadOnlySpan<byte> jpegHead, long jpegLength);
}

/// <summary>
/// Push parser for the gateway's HTTP/1.1 response: status line, headers, optional chunked transfer coding, then
/// <c>multipart/x-mixed-replace</c> parts. It keeps state between calls, so the caller can feed whatever one
/// receive returned and reuse its buffer at once. JPEG bodies are skipped by <c>Content-Length</c>, never scanned;
/// only their first bytes are copied, for the stamp.
/// </summary>
/// <exception cref="InvalidDataException">Thrown by <see cref="Feed"/> when the response is not what the gateway should send.</exception>
internal sealed class MjpegResponseParser(IFrameSink sink)
{
    /// <summary>
    /// Bytes of each JPEG kept for the stamp: SOI (2) plus the simulator's COM segment (60), rounded up.
    /// </summary>
    public const int HeadBytes = 64;

    // Longest status, header or chunk-size line accepted; the gateway's are well under 200 bytes.
    private const int MaxLineLength = 1024;

    private enum Stage { StatusLine, ResponseHeaders, ChunkSize, ChunkData, ChunkDataEnd, Body }

    private enum PartStage { BeforeDelimiter, Headers, Body }

    private static ReadOnlySpan<byte> ContentLengthHeader => "Content-Length"u8;
    private static ReadOnlySpan<byte> ContentTypeHeader => "Content-Type"u8;
    private static ReadOnlySpan<byte> TransferEncodingHeader => "Transfer-Encoding"u8;
    private static ReadOnlySpan<byte> BoundaryParameter => "boundary="u8;
    private static ReadOnlySpan<byte> Dashes => "--"u8;

    // HTTP lines and multipart lines are accumulated separately: a part's header line can straddle two chunks.
    private readonly LineBuffer _httpLine = new(MaxLineLength);
    private readonly LineBuffer _partLine = new(MaxLineLength);
    private readonly byte[] _head = new byte[HeadBytes];
    private Stage _stage;
    private PartStage _part;
    private bool _chunked;
    private long _chunkRemaining;
    private int _chunkTerminatorRemaining;
    private long _contentLength;
    private long _bodyRemaining;
    private int _headLength;
    private byte[]? _delimiter;

    /// <summary>HTTP status code of the response; 0 until the status line has arrived.</summary>
    public int StatusCode { get; private set; }

    /// <summary>Whether the status line and the response headers have been consumed (a 200: any other status throws).</summary>
    public bool InBody => _stage is not (Stage.StatusLine or Stage.ResponseHeaders);

    /// <summary>Whether the response uses <c>Transfer-Encoding: chunked</c>.</summary>
    public bool IsChunked => _chunked;

    /// <summary>
    /// For a response whose status and headers someone else parsed (HTTP/2 through HttpClient): the next byte fed is
    /// the multipart body, delimited by <paramref name="boundary"/> (null: any <c>--</c> line).
    /// </summary>
    public void StartInBody(string? boundary)
    {
        StatusCode = 200;
        _stage = Stage.Body;
        _delimiter = boundary is null ? null : [.. Dashes, .. Encoding.ASCII.GetBytes(boundary)];
    }

    /// <summary>Consumes <paramref name="data"/>; reports complete parts to the sink as they finish.</summary>
    public void Feed(ReadOnlySpan<byte> data)
    {
        while (!data.IsEmpty)
        {
            switch (_stage)
            {
                case Stage.StatusLine:
                    if (_httpLine.TryTake(ref data, out var statusLine))
                    {
                        OnStatusLine(statusLine);
                    }

                    break;
                case Stage.ResponseHeaders:
                    if (_httpLine.TryTake(ref data, out var headerLine))
                    {
                        OnResponseHeader(headerLine);
                    }

                    break;
                case Stage.ChunkSize:
                    if (_httpLine.TryTake(ref data, out var sizeLine))
                    {
                        _chunkRemaining = ParseChunkSize(sizeLine);
                        if (_chunkRemaining == 0)
                        {
                            throw new InvalidDataException("The gateway ended the response (last chunk).");
                        }

                        _stage = Stage.ChunkData;
                    }

                    break;
                case Stage.ChunkData:
                    var take = (int)Math.Min(_chunkRemaining, data.Length);
                    FeedBody(data[..take]);
                    data = data[take..];
                    _chunkRemaining -= take;
                    if (_chunkRemaining == 0)
                    {
                        _stage = Stage.ChunkDataEnd;
                        _chunkTerminatorRemaining = 2;
                    }

                    break;
                case Stage.ChunkDataEnd:
                    // The CRLF after chunk data; checked loosely, since only the gateway's own framing is parsed.
                    var skip = Math.Min(_chunkTerminatorRemaining, data.Length);
                    data = data[skip..];
                    _chunkTerminatorRemaining -= skip;
                    if (_chunkTerminatorRemaining == 0)
                    {
                        _stage = Stage.ChunkSize;
                    }

                    break;
                case Stage.Body:
                    FeedBody(data);
                    data = default;
                    break;
            }
        }
    }

    private void OnStatusLine(ReadOnlySpan<byte> line)
    {
        // "HTTP/1.1 200 OK"
        if (line.Length < 12 || !line.StartsWith("HTTP/1."u8)
            || !Utf8Parser.TryParse(line.Slice(9, 3), out int status, out var consumed) || consumed != 3)
        {
            throw new InvalidDataException("Malformed status line: " + Encoding.ASCII.GetString(line));
        }

        StatusCode = status;
        if (status != 200)
        {
            throw new InvalidDataException($"HTTP {status}");
        }

        _stage = Stage.ResponseHeaders;
    }

    private void OnResponseHeader(ReadOnlySpan<byte> line)
    {
        if (line.IsEmpty)
        {
            _stage = _chunked ? Stage.ChunkSize : Stage.Body;
            return;
        }

        if (!TrySplitHeader(line, out var name, out var value))
        {
            throw new InvalidDataException("Malformed response header: " + Encoding.ASCII.GetString(line));
        }

        if (Ascii.EqualsIgnoreCase(name, TransferEncodingHeader))
        {
            _chunked = value.IndexOf("chunked"u8) >= 0;
        }
        else if (Ascii.EqualsIgnoreCase(name, ContentTypeHeader))
        {
            var at = value.IndexOf(BoundaryParameter);
            if (at >= 0)
            {
                var boundary = value[(at + BoundaryParameter.Length)..];
                var end = boundary.IndexOfAny((byte)';', (byte)' ');
                boundary = (end >= 0 ? boundary[..end] : boundary).Trim((byte)'"');
                _delimiter = [.. Dashes, .. boundary];
            }
        }
    }

    private void FeedBody(ReadOnlySpan<byte> data)
    {
        while (!data.IsEmpty)
        {
            switch (_part)
            {
                case PartStage.BeforeDelimiter:
                    if (_partLine.TryTake(ref data, out var delimiterLine))
                    {
                        OnDelimiterLine(delimiterLine);
                    }

                    break;
                case PartStage.Headers:
                    if (_partLine.TryTake(ref data, out var headerLine))
                    {
                        OnPartHeader(headerLine);
                    }

                    break;
                case PartStage.Body:
                    var take = (int)Math.Min(_bodyRemaining, data.Length);
                    if (_headLength < HeadBytes)
                    {
                        var copy = Math.Min(HeadBytes - _headLength, take);
                        data[..copy].CopyTo(_head.AsSpan(_headLength));
                        _headLength += copy;
                    }

                    data = data[take..];
                    _bodyRemaining -= take;
                    if (_bodyRemaining == 0)
                    {
                        CompletePart();
                    }

                    break;
            }
        }
    }

    private void OnDelimiterLine(ReadOnlySpan<byte> line)
    {
        if (line.IsEmpty)
        {
            return; // the CRLF that ends the previous part's body
        }

        if (!line.StartsWith(Dashes) || (_delimiter is not null && !line.StartsWith(_delimiter)))
        {
            throw new InvalidDataException("Expected a multipart delimiter, got: " + Printable(line));
        }

        if (line.EndsWith(Dashes) && line.Length > Dashes.Length)
        {
            throw new InvalidDataException("The gateway closed the multipart stream.");
        }

        _contentLength = -1;
        _part = PartStage.Headers;
    }

    private void OnPartHeader(ReadOnlySpan<byte> line)
    {
        if (line.IsEmpty)
        {
            if (_contentLength < 0)
            {
                throw new InvalidDataException("A part came without Content-Length.");
            }

            _bodyRemaining = _contentLength;
            _headLength = 0;
            _part = PartStage.Body;
            if (_bodyRemaining == 0)
            {
                CompletePart();
            }

            return;
        }

        if (TrySplitHeader(line, out var name, out var value) && Ascii.EqualsIgnoreCase(name, ContentLengthHeader))
        {
            if (!Utf8Parser.TryParse(value, out long length, out var consumed) || consumed != value.Length || length < 0)
            {
                throw new InvalidDataException("Bad part Content-Length: " + Printable(value));
            }

            _contentLength = length;
        }
    }

    private void CompletePart()
    {
        _part = PartStage.BeforeDelimiter;
        sink.OnFrame(_head.AsSpan(0, _headLength), _contentLength);
    }

    private static bool TrySplitHeader(ReadOnlySpan<byte> line, out ReadOnlySpan<byte> name, out ReadOnlySpan<byte> value)
    {
        var colon = line.IndexOf((byte)':');
        if (colon <= 0)
        {
            name = value = default;
            return false;
        }

        name = line[..colon].Trim((byte)' ');
        value = line[(colon + 1)..].Trim((byte)' ');
        return true;
    }

    private static long ParseChunkSize(ReadOnlySpan<byte> line)
    {
        var end = line.IndexOf((byte)';');
        var digits = (end >= 0 ? line[..end] : line).Trim((byte)' ');
        if (digits.IsEmpty || digits.Length > 15)
        {
            throw new InvalidDataException("Bad chunk size: " + Printable(line));
        }

        long size = 0;
        foreach (var b in digits)
        {
            var digit = HexDigit(b);
            if (digit < 0)
            {
                throw new InvalidDataException("Bad chunk size: " + Printable(line));
            }

            size = (size << 4) | (uint)digit;
        }

        return size;
    }

    private static int HexDigit(byte b) => b switch
    {
        >= (byte)'0' and <= (byte)'9' => b - '0',
        >= (byte)'a' and <= (byte)'f' => b - 'a' + 10,
        >= (byte)'A' and <= (byte)'F' => b - 'A' + 10,
        _ => -1,
    };

    private static string Printable(ReadOnlySpan<byte> bytes)
    {
        const int MaxShown = 80;
        var shown = bytes.Length > MaxShown ? bytes[..MaxShown] : bytes;
        var text = new StringBuilder(shown.Length);
        foreach (var b in shown)
        {
            text.Append(b is >= 0x20 and < 0x7F ? (char)b : '.');
        }

        return text.ToString();
    }

    /// <summary>Accumulates one CRLF-terminated line across receive calls, in a fixed buffer.</summary>
    private sealed class LineBuffer(int capacity)
    {
        private readonly byte[] _bytes = new byte[capacity];
        private int _length;

        /// <summary>
        /// Takes bytes up to and including the next LF from <paramref name="data"/>. Returns the line without CR/LF
        /// when it is complete; the span is valid until the next call.
        /// </summary>
        public bool TryTake(ref ReadOnlySpan<byte> data, out ReadOnlySpan<byte> line)
        {
            var lf = data.IndexOf((byte)'\n');
            if (lf < 0)
            {
                Append(data);
                data = default;
                line = default;
                return false;
            }

            if (_length == 0)
            {
                line = data[..lf]; // whole line in this receive: no copy
            }
            else
            {
                Append(data[..lf]);
                line = _bytes.AsSpan(0, _length);
                _length = 0;
            }

            data = data[(lf + 1)..];
            if (!line.IsEmpty && line[^1] == (byte)'\r')
            {
                line = line[..^1];
            }

            return true;
        }

        private void Append(ReadOnlySpan<byte> bytes)
        {
            if (_length + bytes.Length > _bytes.Length)
            {
                throw new InvalidDataException($"A line longer than {_bytes.Length} bytes.");
            }

            bytes.CopyTo(_bytes.AsSpan(_length));
            _length += bytes.Length;
        }
    }
}
