using static MjpegGateway.CameraSimulator.JpegMarkers;

namespace MjpegGateway.CameraSimulator.Rendering;

/// <summary>
/// Lays out an encoded JPEG as the simulator sends it: SOI, the <see cref="FrameStamp"/> COM segment,
/// an optional extra segment (the Exif thumbnail), then the encoder's output after its own SOI.
/// </summary>
internal static class StampedJpeg
{
    public static int GetLength(int encodedLength, int extraSegmentLength) =>
        encodedLength + FrameStamp.SegmentLength + extraSegmentLength;

    /// <returns>Offset, relative to <paramref name="destination"/>, of the timestamp digits to patch at send time.</returns>
    public static int Write(ReadOnlySpan<byte> encoded, long sequence, ReadOnlySpan<byte> extraSegment, Span<byte> destination)
    {
        if (encoded.Length < MarkerLength || encoded[0] != MarkerPrefix || encoded[1] != StartOfImage)
        {
            throw new ArgumentException("The encoder's output does not start with SOI.", nameof(encoded));
        }

        encoded[..MarkerLength].CopyTo(destination);
        var position = MarkerLength;
        var timestampOffset = position + FrameStamp.WriteSegment(destination[position..], sequence);
        position += FrameStamp.SegmentLength;
        extraSegment.CopyTo(destination[position..]);
        position += extraSegment.Length;
        encoded[MarkerLength..].CopyTo(destination[position..]);
        return timestampOffset;
    }
}
