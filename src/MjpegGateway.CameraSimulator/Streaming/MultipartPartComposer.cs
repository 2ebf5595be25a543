using System.Buffers;
using System.Globalization;
using MjpegGateway.CameraSimulator.Rendering;

namespace MjpegGateway.CameraSimulator.Streaming;

/// <summary>
/// Builds each outgoing multipart part (delimiter, headers, stamped JPEG, line break, faults) in one reusable
/// pooled buffer, so the whole part goes to the socket in one write. One instance per stream, not thread-safe.
/// </summary>
internal sealed class MultipartPartComposer(MultipartLayout layout) : IDisposable
{
    private const int MinGarbageLength = 8;
    private const int MaxGarbageLength = 64;

    // Delimiter line, both headers, up to three line breaks and the decimal length fit comfortably.
    private const int MaxFramingOverhead = 128;

    private static ReadOnlySpan<byte> ContentTypeHeader => "Content-Type: image/jpeg"u8;
    private static ReadOnlySpan<byte> ContentLengthHeaderPrefix => "Content-Length: "u8;
    private static ReadOnlySpan<byte> CrLf => "\r\n"u8;
    private static ReadOnlySpan<byte> Lf => "\n"u8;

    private byte[] _buffer = [];
    private int _length;
    private int _timestampOffset;

    /// <summary>The part composed last, ready to write.</summary>
    public ReadOnlyMemory<byte> Part => _buffer.AsMemory(0, _length);

    /// <summary>Bytes of the JPEG inside the part composed last.</summary>
    public int JpegLength { get; private set; }

    public void Compose(ReadOnlySpan<byte> encodedJpeg, long sequence, PartStyle style)
    {
        var extraSegment = style.ExifThumbnail ? ExifThumbnail.Segment : [];
        var newline = style.LfOnly ? Lf : CrLf;
        var garbageLength = style.SendGarbage ? Random.Shared.Next(MinGarbageLength, MaxGarbageLength + 1) : 0;
        JpegLength = StampedJpeg.GetLength(encodedJpeg.Length, extraSegment.Length);
        EnsureCapacity(JpegLength + garbageLength + layout.Delimiter.Length + MaxFramingOverhead);

        var writer = new SpanWriter(_buffer);
        if (!layout.BoundaryAfterPart)
        {
            writer.Write(layout.Delimiter);
            writer.Write(newline);
        }

        writer.Write(ContentTypeHeader);
        writer.Write(newline);
        if (!style.OmitContentLength)
        {
            writer.Write(ContentLengthHeaderPrefix);
            writer.WriteDecimal(JpegLength);
            writer.Write(newline);
        }

        writer.Write(newline);
        _timestampOffset = writer.Position + StampedJpeg.Write(encodedJpeg, sequence, extraSegment, writer.Remaining);
        writer.Advance(JpegLength);
        writer.Write(newline);

        // Garbage sits after the JPEG's line break and ends with one, so delimiters still start a line.
        if (garbageLength > 0)
        {
            FillGarbage(writer.Remaining[..garbageLength]);
            writer.Advance(garbageLength);
            writer.Write(newline);
        }

        if (layout.BoundaryAfterPart)
        {
            writer.Write(layout.Delimiter);
            writer.Write(newline);
        }

        _length = writer.Position;
    }

    /// <summary>Patches the send time into the stamp; call immediately before writing <see cref="Part"/>.</summary>
    public void StampSendTime(DateTimeOffset utcNow) =>
        FrameStamp.PatchTimestamp(_buffer.AsSpan(_timestampOffset), FrameStamp.ToUnixMicroseconds(utcNow));

    public void Dispose()
    {
        if (_buffer.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = [];
        }
    }

    private void EnsureCapacity(int needed)
    {
        if (_buffer.Length >= needed)
        {
            return;
        }

        Dispose();
        _buffer = ArrayPool<byte>.Shared.Rent(needed);
    }

    private static void FillGarbage(Span<byte> destination)
    {
        Random.Shared.NextBytes(destination);
        foreach (ref var b in destination)
        {
            // No '-', CR or LF: garbage must never look like (the start of) a delimiter line.
            if (b is (byte)'-' or (byte)'\r' or (byte)'\n')
            {
                b = (byte)'?';
            }
        }
    }

    private ref struct SpanWriter(Span<byte> buffer)
    {
        private readonly Span<byte> _buffer = buffer;

        public int Position { get; private set; }

        public readonly Span<byte> Remaining => _buffer[Position..];

        public void Write(ReadOnlySpan<byte> bytes)
        {
            bytes.CopyTo(_buffer[Position..]);
            Position += bytes.Length;
        }

        public void WriteDecimal(int value)
        {
            value.TryFormat(_buffer[Position..], out var written, provider: CultureInfo.InvariantCulture);
            Position += written;
        }

        public void Advance(int count) => Position += count;
    }
}
