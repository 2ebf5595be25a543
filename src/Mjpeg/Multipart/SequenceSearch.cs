using System.Buffers;

namespace Mjpeg.Multipart;

internal static class SequenceSearch
{
    /// <summary>Offset of the first <paramref name="value"/> at or after <paramref name="start"/>, or -1; vectorised per segment.</summary>
    public static long IndexOf(in ReadOnlySequence<byte> sequence, long start, byte value, ref long bytesScanned)
    {
        if (start < 0 || start >= sequence.Length)
        {
            return -1;
        }

        long offset = start;
        foreach (var memory in sequence.Slice(start))
        {
            int index = memory.Span.IndexOf(value);
            if (index >= 0)
            {
                bytesScanned += index + 1;
                return offset + index;
            }

            bytesScanned += memory.Length;
            offset += memory.Length;
        }

        return -1;
    }
}
