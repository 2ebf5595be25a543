namespace MjpegGateway.CameraSimulator.Rendering;

/// <summary>
/// Lays out an encoded JPEG as the simulator sends it: SOI, the <see cref="FrameStamp"/> COM segment,
/// an optional extra segment (the Exif thumbnail), then the encoder's output after its own SOI.
/// </summary>
internal static class StampedJpeg
{
    private const int SoiLength = 2;
    private const byte MarkerPrefix = 0xFF;
    private const byte StartOfImage = 0xD8;

    public static int GetLength(int encodedLength, int extraSegmentLength) =>
        encodedLength + FrameStamp.SegmentLength + extraSegmentLength;

    /// <returns>Offset, relative to <paramref name="destination"/>, of the timestamp digits to patch at send time.</returns>
    public static int Write(ReadOnlySpan<byte> encoded, long sequence, ReadOnlySpan<byte> extraSegment, Span<byte> destination)
    {
        if (encoded.Length < SoiLength || encoded[0] != MarkerPrefix || encoded[1] != StartOfImage)
        {
            throw new ArgumentException("The encoder's output does not start with SOI.", nameof(encoded));
        }

        encoded[..SoiLength].CopyTo(destination);
        var position = SoiLength;
        var timestampOffset = position + FrameStamp.WriteSegment(destination[position..], sequence);
        position += FrameStamp.SegmentLength;
        extraSegment.CopyTo(destination[position..]);
        position += extraSegment.Length;
        encoded[SoiLength..].CopyTo(destination[position..]);
        return timestampOffset;
    }
}
