using System.Buffers.Binary;
using System.Buffers.Text;
using static MjpegGateway.CameraSimulator.JpegMarkers;

namespace MjpegGateway.CameraSimulator;

/// <summary>
/// The stamp the simulator puts in every JPEG it sends: a COM segment right after SOI whose ASCII payload is
/// <c>mjpeg-sim seq=&lt;n&gt; ts=&lt;unix microseconds UTC&gt;</c>. The timestamp is written immediately before the
/// part goes to the socket, so a receiver can measure end-to-end latency.
/// </summary>
public static class FrameStamp
{
    // Fixed-width digits let the timestamp be patched in place at send time; 19 digits hold any positive long.
    private const int DigitCount = 19;

    private static ReadOnlySpan<byte> SequencePrefix => "mjpeg-sim seq="u8;
    private static ReadOnlySpan<byte> TimestampPrefix => " ts="u8;

    private static int PayloadLength => SequencePrefix.Length + DigitCount + TimestampPrefix.Length + DigitCount;

    /// <summary>Bytes the whole COM segment occupies: marker, length field and payload.</summary>
    internal static int SegmentLength => MarkerLength + LengthFieldLength + PayloadLength;

    /// <summary>Offset of the timestamp digits from the start of the segment.</summary>
    private static int TimestampOffsetInSegment =>
        MarkerLength + LengthFieldLength + SequencePrefix.Length + DigitCount + TimestampPrefix.Length;

    /// <summary>Reads the simulator's stamp from a JPEG (searching its header segments up to the first SOS).</summary>
    /// <returns><c>false</c> when the bytes are not a JPEG or carry no simulator stamp.</returns>
    public static bool TryRead(ReadOnlySpan<byte> jpeg, out long sequence, out long sentUnixMicroseconds)
    {
        sequence = 0;
        sentUnixMicroseconds = 0;
        if (jpeg.Length < MarkerLength || jpeg[0] != MarkerPrefix || jpeg[1] != StartOfImage)
        {
            return false;
        }

        var position = MarkerLength;
        while (position + MarkerLength <= jpeg.Length)
        {
            if (jpeg[position] != MarkerPrefix)
            {
                return false;
            }

            var marker = jpeg[position + 1];
            if (marker == MarkerPrefix)
            {
                position++; // fill byte
                continue;
            }

            if (marker is StartOfScan or EndOfImage)
            {
                return false; // the stamp lives in the header segments, never in entropy-coded data
            }

            if (marker is Temporary or (>= FirstRestart and <= LastRestart))
            {
                position += MarkerLength; // standalone markers carry no length
                continue;
            }

            if (position + MarkerLength + LengthFieldLength > jpeg.Length)
            {
                return false;
            }

            int length = BinaryPrimitives.ReadUInt16BigEndian(jpeg[(position + MarkerLength)..]);
            if (length < LengthFieldLength || position + MarkerLength + length > jpeg.Length)
            {
                return false;
            }

            var payload = jpeg.Slice(position + MarkerLength + LengthFieldLength, length - LengthFieldLength);
            if (marker == Comment && TryParsePayload(payload, out sequence, out sentUnixMicroseconds))
            {
                return true;
            }

            position += MarkerLength + length;
        }

        return false;
    }

    /// <summary>Writes a stamp segment with the given sequence and a zero timestamp.</summary>
    /// <returns>Offset, relative to <paramref name="destination"/>, of the timestamp digits to patch at send time.</returns>
    internal static int WriteSegment(Span<byte> destination, long sequence)
    {
        destination[0] = MarkerPrefix;
        destination[1] = Comment;
        BinaryPrimitives.WriteUInt16BigEndian(destination[MarkerLength..], (ushort)(LengthFieldLength + PayloadLength));
        var payload = destination[(MarkerLength + LengthFieldLength)..];
        SequencePrefix.CopyTo(payload);
        WriteDigits(payload.Slice(SequencePrefix.Length, DigitCount), sequence);
        TimestampPrefix.CopyTo(payload[(SequencePrefix.Length + DigitCount)..]);
        WriteDigits(destination.Slice(TimestampOffsetInSegment, DigitCount), 0);
        return TimestampOffsetInSegment;
    }

    /// <summary>Overwrites the timestamp digits written by <see cref="WriteSegment"/>.</summary>
    internal static void PatchTimestamp(Span<byte> timestampDigits, long unixMicroseconds) =>
        WriteDigits(timestampDigits[..DigitCount], unixMicroseconds);

    /// <summary>The timestamp unit of the stamp.</summary>
    internal static long ToUnixMicroseconds(DateTimeOffset time) =>
        (time - DateTimeOffset.UnixEpoch).Ticks / TimeSpan.TicksPerMicrosecond;

    private static void WriteDigits(Span<byte> destination, long value)
    {
        var remaining = Math.Max(value, 0);
        for (var i = DigitCount - 1; i >= 0; i--)
        {
            destination[i] = (byte)('0' + (remaining % 10));
            remaining /= 10;
        }
    }

    private static bool TryParsePayload(ReadOnlySpan<byte> payload, out long sequence, out long sentUnixMicroseconds)
    {
        sentUnixMicroseconds = 0;
        if (!payload.StartsWith(SequencePrefix)
            || !Utf8Parser.TryParse(payload[SequencePrefix.Length..], out sequence, out var sequenceLength))
        {
            sequence = 0;
            return false;
        }

        var rest = payload[(SequencePrefix.Length + sequenceLength)..];
        return rest.StartsWith(TimestampPrefix)
            && Utf8Parser.TryParse(rest[TimestampPrefix.Length..], out sentUnixMicroseconds, out var timestampLength)
            && timestampLength == rest.Length - TimestampPrefix.Length;
    }
}
