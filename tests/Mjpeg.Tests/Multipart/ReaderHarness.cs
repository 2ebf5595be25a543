using System.Buffers;
using System.IO.Pipelines;
using Mjpeg.Multipart;

namespace Mjpeg.Tests.Multipart;

/// <summary>Drives a <see cref="MultipartFrameReader"/> exactly as the upstream loop will.</summary>
internal static class ReaderHarness
{
    private const int MaxWritesBetweenReads = 3;

    /// <summary>Everything in one buffer, one call loop.</summary>
    public static List<byte[]> ReadWhole(MultipartFrameReader reader, byte[] stream)
    {
        var frames = new List<byte[]>();
        var buffer = new ReadOnlySequence<byte>(stream);
        while (reader.TryReadFrame(ref buffer, out var jpeg))
        {
            frames.Add(jpeg.ToArray());
        }

        return frames;
    }

    /// <summary>Through a real <see cref="Pipe"/>: random chunk sizes, several writes between reads.</summary>
    public static async Task<List<byte[]>> ReadThroughPipeAsync(MultipartFrameReader reader, byte[] stream, Random random, int maxChunk)
    {
        // No back-pressure: writer and reader take turns on one thread, deterministically per seed.
        var pipe = new Pipe(new PipeOptions(pauseWriterThreshold: 0, resumeWriterThreshold: 0, useSynchronizationContext: false));
        var frames = new List<byte[]>();
        int offset = 0;
        while (offset < stream.Length)
        {
            int writes = random.Next(1, MaxWritesBetweenReads + 1);
            for (int i = 0; i < writes && offset < stream.Length; i++)
            {
                int size = Math.Min(ChunkSizes.Next(random, maxChunk), stream.Length - offset);
                pipe.Writer.Write(stream.AsSpan(offset, size));
                offset += size;
            }

            await pipe.Writer.FlushAsync();
            if (pipe.Reader.TryRead(out var result))
            {
                Consume(pipe.Reader, reader, result, frames);
            }
        }

        await pipe.Writer.CompleteAsync();
        while (true)
        {
            var result = await pipe.Reader.ReadAsync();
            Consume(pipe.Reader, reader, result, frames);
            if (result.IsCompleted)
            {
                break;
            }
        }

        await pipe.Reader.CompleteAsync();
        return frames;
    }

    private static void Consume(PipeReader pipeReader, MultipartFrameReader reader, ReadResult result, List<byte[]> frames)
    {
        var buffer = result.Buffer;
        while (reader.TryReadFrame(ref buffer, out var jpeg))
        {
            frames.Add(jpeg.ToArray());
        }

        pipeReader.AdvanceTo(buffer.Start, buffer.End);
    }
}
