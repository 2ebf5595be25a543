using System.Buffers.Binary;
using static MjpegGateway.CameraSimulator.JpegMarkers;

namespace MjpegGateway.CameraSimulator.Rendering;

/// <summary>
/// An APP1 Exif segment carrying a tiny embedded JPEG thumbnail, as many cameras send. It puts FF D8 and FF D9
/// inside a frame before its real end, which breaks readers that cut frames by scanning for those markers.
/// </summary>
internal static class ExifThumbnail
{
    private const int ThumbnailWidth = 32;
    private const int ThumbnailHeight = 18;
    private const int ThumbnailQuality = 70;

    private const int MaxSegmentLength = ushort.MaxValue;

    private const ushort TiffMagic = 42;
    private const int TiffHeaderLength = 8;
    private const int IfdCountLength = 2;
    private const int IfdEntryLength = 12;
    private const int NextIfdOffsetLength = 4;
    private const ushort TypeShort = 3;
    private const ushort TypeLong = 4;
    private const ushort TagOrientation = 0x0112;
    private const ushort TagCompression = 0x0103;
    private const ushort TagJpegInterchangeFormat = 0x0201;
    private const ushort TagJpegInterchangeFormatLength = 0x0202;
    private const ushort OrientationTopLeft = 1;
    private const ushort CompressionOldJpeg = 6;
    private const int Ifd0Entries = 1;
    private const int Ifd1Entries = 3;

    private static ReadOnlySpan<byte> ExifHeader => "Exif\0\0"u8;
    private static ReadOnlySpan<byte> BigEndianByteOrder => "MM"u8;

    private static readonly Lazy<byte[]> LazySegment = new(Create);

    /// <summary>The complete segment (marker included), built once: the thumbnail is a still of the test card.</summary>
    public static ReadOnlySpan<byte> Segment => LazySegment.Value;

    /// <summary>Builds an APP1 segment with a minimal big-endian TIFF: IFD0 (orientation) linked to IFD1 (the thumbnail).</summary>
    internal static byte[] Create(ReadOnlySpan<byte> thumbnailJpeg)
    {
        const int ifd0Offset = TiffHeaderLength;
        const int ifd1Offset = ifd0Offset + IfdCountLength + (Ifd0Entries * IfdEntryLength) + NextIfdOffsetLength;
        const int thumbnailOffset = ifd1Offset + IfdCountLength + (Ifd1Entries * IfdEntryLength) + NextIfdOffsetLength;

        var length = LengthFieldLength + ExifHeader.Length + thumbnailOffset + thumbnailJpeg.Length;
        if (length > MaxSegmentLength)
        {
            throw new ArgumentException($"A {thumbnailJpeg.Length}-byte thumbnail does not fit one APP1 segment.", nameof(thumbnailJpeg));
        }

        var segment = new byte[MarkerLength + length];
        segment[0] = MarkerPrefix;
        segment[1] = App1;
        BinaryPrimitives.WriteUInt16BigEndian(segment.AsSpan(MarkerLength), (ushort)length);
        ExifHeader.CopyTo(segment.AsSpan(MarkerLength + LengthFieldLength));

        // TIFF offsets count from the byte-order mark.
        var tiff = segment.AsSpan(MarkerLength + LengthFieldLength + ExifHeader.Length);
        BigEndianByteOrder.CopyTo(tiff);
        BinaryPrimitives.WriteUInt16BigEndian(tiff[2..], TiffMagic);
        BinaryPrimitives.WriteUInt32BigEndian(tiff[4..], ifd0Offset);

        var ifd0 = tiff[ifd0Offset..];
        BinaryPrimitives.WriteUInt16BigEndian(ifd0, Ifd0Entries);
        WriteShortEntry(ifd0[IfdCountLength..], TagOrientation, OrientationTopLeft);
        BinaryPrimitives.WriteUInt32BigEndian(ifd0[(IfdCountLength + (Ifd0Entries * IfdEntryLength))..], ifd1Offset);

        var ifd1 = tiff[ifd1Offset..];
        BinaryPrimitives.WriteUInt16BigEndian(ifd1, Ifd1Entries);
        var entries = ifd1[IfdCountLength..];
        WriteShortEntry(entries, TagCompression, CompressionOldJpeg);
        WriteLongEntry(entries[IfdEntryLength..], TagJpegInterchangeFormat, thumbnailOffset);
        WriteLongEntry(entries[(2 * IfdEntryLength)..], TagJpegInterchangeFormatLength, (uint)thumbnailJpeg.Length);
        BinaryPrimitives.WriteUInt32BigEndian(entries[(Ifd1Entries * IfdEntryLength)..], 0); // no further IFD

        thumbnailJpeg.CopyTo(tiff[thumbnailOffset..]);
        return segment;
    }

    private static byte[] Create()
    {
        using var renderer = new FrameRenderer(ThumbnailWidth, ThumbnailHeight);
        using var jpeg = renderer.RenderJpeg(DateTimeOffset.UnixEpoch, 0, ThumbnailQuality);
        return Create(jpeg.AsSpan());
    }

    private static void WriteShortEntry(Span<byte> entry, ushort tag, ushort value)
    {
        WriteEntryHeader(entry, tag, TypeShort);
        BinaryPrimitives.WriteUInt16BigEndian(entry[8..], value); // left-justified in the 4-byte value field
        BinaryPrimitives.WriteUInt16BigEndian(entry[10..], 0);
    }

    private static void WriteLongEntry(Span<byte> entry, ushort tag, uint value)
    {
        WriteEntryHeader(entry, tag, TypeLong);
        BinaryPrimitives.WriteUInt32BigEndian(entry[8..], value);
    }

    private static void WriteEntryHeader(Span<byte> entry, ushort tag, ushort type)
    {
        BinaryPrimitives.WriteUInt16BigEndian(entry, tag);
        BinaryPrimitives.WriteUInt16BigEndian(entry[2..], type);
        BinaryPrimitives.WriteUInt32BigEndian(entry[4..], 1); // count
    }
}
