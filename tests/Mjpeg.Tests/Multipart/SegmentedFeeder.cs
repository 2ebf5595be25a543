using System.Buffers;
using Mjpeg.Multipart;

namespace Mjpeg.Tests.Multipart;

/// <summary>
/// Plays the caller's pipe loop, but keeps every received chunk as its own segment, so delimiters
/// and markers get split across segment boundaries in every possible place (a Pipe coalesces into 4 KiB blocks).
/// </summary>
internal sealed class SegmentedFeeder(MultipartFrameReader reader)
{
    private ChunkSegment? _head;
    private int _headIndex;
    private ChunkSegment? _tail;

    public List<byte[]> Frames { get; } = [];

    /// <summary>Largest remainder the reader ever asked to keep buffered.</summary>
    public long MaxRemainder { get; private set; }

    public long Remainder { get; private set; }

    public void Feed(ReadOnlyMemory<byte> chunk)
    {
        if (chunk.IsEmpty)
        {
            return;
        }

        if (_tail is null)
        {
            _head = _tail = new ChunkSegment(chunk, 0);
            _headIndex = 0;
        }
        else
        {
            _tail = _tail.Append(chunk);
        }

        var buffer = new ReadOnlySequence<byte>(_head!, _headIndex, _tail, _tail.Memory.Length);
        while (reader.TryReadFrame(ref buffer, out var jpeg))
        {
            Frames.Add(jpeg.ToArray());
        }

        // What AdvanceTo(buffer.Start, buffer.End) does to a pipe: keep the remainder, drop the rest.
        _head = (ChunkSegment)buffer.Start.GetObject()!;
        _headIndex = buffer.Start.GetInteger();
        Remainder = buffer.Length;
        MaxRemainder = Math.Max(MaxRemainder, Remainder);
    }

    /// <summary>Feeds <paramref name="stream"/> in random chunks of 1 byte up to <paramref name="maxChunk"/>.</summary>
    public void FeedInRandomChunks(byte[] stream, Random random, int maxChunk)
    {
        for (int offset = 0; offset < stream.Length;)
        {
            int size = Math.Min(ChunkSizes.Next(random, maxChunk), stream.Length - offset);
            Feed(stream.AsMemory(offset, size));
            offset += size;
        }
    }
}
