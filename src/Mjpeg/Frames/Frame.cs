using System.Buffers;
using System.Diagnostics;

namespace Mjpeg.Frames;

/// <summary>
/// One JPEG from a camera, already serialized as the outgoing multipart part
/// (part headers + JPEG + the <em>next</em> part's delimiter line) in a single pooled buffer,
/// with room around it for HTTP/1.1 chunk framing (<see cref="ChunkedPart"/>).
/// Every viewer writes this same memory; nobody copies or formats per viewer.
/// </summary>
/// <remarks>
/// Reference-counted: the creator holds one reference; each holder (hub, viewer queue,
/// writer in the middle of a write) takes one with <see cref="AddRef"/> and gives it back
/// with <see cref="Release"/>. The buffer returns to its pool when the count reaches zero.
/// </remarks>
public sealed class Frame
{
    private readonly FramePool _pool;
    private byte[]? _buffer;
    private readonly int _partLength;
    private readonly int _jpegOffset;
    private readonly int _jpegLength;
    private readonly int _chunkOffset;
    private int _references = 1;

    internal Frame(FramePool pool, byte[] buffer, int partLength, int jpegOffset, int jpegLength, int chunkOffset, long sequence, long arrivedTimestamp)
    {
        _chunkOffset = chunkOffset;
        _pool = pool;
        _buffer = buffer;
        _partLength = partLength;
        _jpegOffset = jpegOffset;
        _jpegLength = jpegLength;
        Sequence = sequence;
        ArrivedTimestamp = arrivedTimestamp;
    }

    /// <summary>Position of this frame in its hub's stream, starting at 1.</summary>
    public long Sequence { get; }

    /// <summary><see cref="TimeProvider.GetTimestamp"/> when the last byte arrived from the camera.</summary>
    public long ArrivedTimestamp { get; }

    /// <summary>The bytes a viewer writes: part headers, JPEG, CRLF and the next delimiter line.</summary>
    public ReadOnlyMemory<byte> Part => Buffer.AsMemory(FramePool.ChunkPrefixRoom, _partLength);

    /// <summary>
    /// <see cref="Part"/> framed as one chunk of an HTTP/1.1 chunked body: its size line in hex, the part and CRLF, in
    /// one contiguous span of the same buffer, so a connection can send it to the socket as it is.
    /// </summary>
    public ReadOnlyMemory<byte> ChunkedPart => Buffer.AsMemory(_chunkOffset, FramePool.ChunkPrefixRoom - _chunkOffset + _partLength + 2);

    /// <summary>The JPEG alone (for snapshots).</summary>
    public ReadOnlyMemory<byte> Jpeg => Buffer.AsMemory(_jpegOffset, _jpegLength);

    /// <summary>Current number of holders; for diagnostics and tests.</summary>
    public int References => Volatile.Read(ref _references);

    private byte[] Buffer => _buffer ?? throw new ObjectDisposedException(nameof(Frame), "Frame used after its last reference was released.");

    /// <summary>Takes one more reference. Only a current holder may call this.</summary>
    public void AddRef()
    {
        var after = Interlocked.Increment(ref _references);
        Debug.Assert(after > 1, "AddRef on a released frame");
        if (after <= 1)
        {
            throw new InvalidOperationException("AddRef on a released frame.");
        }
    }

    /// <summary>Gives back one reference; the last one returns the buffer to the pool.</summary>
    public void Release()
    {
        var after = Interlocked.Decrement(ref _references);
        if (after == 0)
        {
            var buffer = Interlocked.Exchange(ref _buffer, null);
            if (buffer is not null)
            {
                _pool.Return(buffer);
            }
        }
        else if (after < 0)
        {
            throw new InvalidOperationException("Frame released more often than referenced.");
        }
    }
}
