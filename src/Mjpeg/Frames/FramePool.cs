using System.Buffers;
using System.Buffers.Text;
using System.Text;

namespace Mjpeg.Frames;

/// <summary>
/// Builds <see cref="Frame"/>s for one multipart boundary from pooled buffers and counts
/// how many are outstanding, so a reference-count leak shows up as a number, not as slow growth.
/// </summary>
public sealed class FramePool
{
    private static ReadOnlySpan<byte> PartHeaderStart => "Content-Type: image/jpeg\r\nContent-Length: "u8;
    private static ReadOnlySpan<byte> HeaderEnd => "\r\n\r\n"u8;
    private static ReadOnlySpan<byte> CrLf => "\r\n"u8;
    private const int MaxLengthDigits = 10;

    /// <summary>
    /// Room kept in front of every part for its HTTP/1.1 chunk-size line: up to 8 hex digits and CRLF. With the CRLF
    /// kept after the part, the part is also a whole chunk of a chunked response (<see cref="Frame.ChunkedPart"/>).
    /// </summary>
    internal const int ChunkPrefixRoom = 8 + 2;

    private readonly ArrayPool<byte> _arrays;
    private readonly byte[] _trailer;
    private readonly TimeProvider _time;
    private long _outstanding;
    private long _sequence;

    /// <param name="boundary">Boundary the outgoing stream uses (without the leading dashes).</param>
    /// <param name="maxJpegBytes">Largest JPEG that will be pooled; bigger ones are still accepted but not pooled.</param>
    /// <param name="time">Clock for <see cref="Frame.ArrivedTimestamp"/>.</param>
    public FramePool(string boundary, int maxJpegBytes, TimeProvider time)
    {
        ArgumentException.ThrowIfNullOrEmpty(boundary);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxJpegBytes);
        Boundary = boundary;
        _time = time;
        // The trailer carries the next part's delimiter so that browsers paint a frame as soon as it
        // arrives: Chrome renders a part only once it has seen the delimiter that follows it.
        _trailer = Encoding.ASCII.GetBytes("\r\n--" + boundary + "\r\n");
        Preamble = Encoding.ASCII.GetBytes("--" + boundary + "\r\n");
        ChunkedPreamble = ChunkFramed(Preamble.Span);
        var maxPart = ChunkPrefixRoom + maxJpegBytes + PartHeaderStart.Length + MaxLengthDigits + HeaderEnd.Length + _trailer.Length + CrLf.Length;
        // A private pool: frames are large and few, and ArrayPool.Shared would hand these arrays to unrelated code.
        _arrays = ArrayPool<byte>.Create(maxPart, maxArraysPerBucket: 64);
    }

    /// <summary>The boundary parameter of the outgoing Content-Type.</summary>
    public string Boundary { get; }

    /// <summary>Content-Type header value for a stream of these frames.</summary>
    public string ContentType => "multipart/x-mixed-replace; boundary=" + Boundary;

    /// <summary>First bytes of every response: the first delimiter line. Each frame's part ends with the next one.</summary>
    public ReadOnlyMemory<byte> Preamble { get; }

    /// <summary><see cref="Preamble"/> as one chunk of an HTTP/1.1 chunked body (size line, bytes, CRLF).</summary>
    public ReadOnlyMemory<byte> ChunkedPreamble { get; }

    /// <summary>Frames created and not yet fully released.</summary>
    public long Outstanding => Interlocked.Read(ref _outstanding);

    /// <summary>Copies <paramref name="jpeg"/> once into a new pooled frame holding the whole outgoing part.</summary>
    public Frame Create(in ReadOnlySequence<byte> jpeg)
    {
        var jpegLength = checked((int)jpeg.Length);
        var buffer = RentFor(jpegLength, out var jpegOffset);
        jpeg.CopyTo(buffer.AsSpan(jpegOffset));
        return Complete(buffer, jpegOffset, jpegLength);
    }

    /// <inheritdoc cref="Create(in ReadOnlySequence{byte})"/>
    public Frame Create(ReadOnlySpan<byte> jpeg)
    {
        var buffer = RentFor(jpeg.Length, out var jpegOffset);
        jpeg.CopyTo(buffer.AsSpan(jpegOffset));
        return Complete(buffer, jpegOffset, jpeg.Length);
    }

    private byte[] RentFor(int jpegLength, out int jpegOffset)
    {
        var buffer = _arrays.Rent(ChunkPrefixRoom + PartHeaderStart.Length + MaxLengthDigits + HeaderEnd.Length + jpegLength + _trailer.Length + CrLf.Length);
        var span = buffer.AsSpan();
        PartHeaderStart.CopyTo(span[ChunkPrefixRoom..]);
        jpegOffset = ChunkPrefixRoom + PartHeaderStart.Length;
        Utf8Formatter.TryFormat(jpegLength, span[jpegOffset..], out var digits);
        jpegOffset += digits;
        HeaderEnd.CopyTo(span[jpegOffset..]);
        jpegOffset += HeaderEnd.Length;
        return buffer;
    }

    private Frame Complete(byte[] buffer, int jpegOffset, int jpegLength)
    {
        _trailer.CopyTo(buffer.AsSpan(jpegOffset + jpegLength));
        var partLength = jpegOffset + jpegLength + _trailer.Length - ChunkPrefixRoom;
        var chunkOffset = FrameAsChunk(buffer, partLength);
        Interlocked.Increment(ref _outstanding);
        return new Frame(this, buffer, partLength, jpegOffset, jpegLength, chunkOffset, Interlocked.Increment(ref _sequence), _time.GetTimestamp());
    }

    // A copy of data with the chunk framing around it.
    private static byte[] ChunkFramed(ReadOnlySpan<byte> data)
    {
        var buffer = new byte[ChunkPrefixRoom + data.Length + CrLf.Length];
        data.CopyTo(buffer.AsSpan(ChunkPrefixRoom));
        return buffer[FrameAsChunk(buffer, data.Length)..];
    }

    // Writes the chunk framing around the partLength bytes at ChunkPrefixRoom: the size line in hex ending right where
    // they start, and CRLF after them. Returns where the size line begins.
    private static int FrameAsChunk(byte[] buffer, int partLength)
    {
        CrLf.CopyTo(buffer.AsSpan(ChunkPrefixRoom + partLength));
        Span<byte> digits = stackalloc byte[8];
        Utf8Formatter.TryFormat((uint)partLength, digits, out var count, new StandardFormat('x'));
        var start = ChunkPrefixRoom - count - CrLf.Length;
        digits[..count].CopyTo(buffer.AsSpan(start));
        CrLf.CopyTo(buffer.AsSpan(start + count));
        return start;
    }

    internal void Return(byte[] buffer)
    {
        Interlocked.Decrement(ref _outstanding);
        _arrays.Return(buffer);
    }
}
