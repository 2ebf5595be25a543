namespace Mjpeg.Tests.Multipart;

/// <summary>
/// Builds byte arrays shaped like baseline JPEGs (no image library): SOI, APP0, optional APP1 with an
/// embedded thumbnail JPEG (so FF D8 … FF D9 occurs inside the frame), DQT, SOF0, SOS, entropy-coded
/// bytes with FF stuffed as FF 00, EOI.
/// </summary>
internal static class TestJpeg
{
    private const byte Marker = 0xFF;
    private const byte Soi = 0xD8;
    private const byte Eoi = 0xD9;
    private const byte App0 = 0xE0;
    private const byte App1 = 0xE1;
    private const byte Dqt = 0xDB;
    private const byte Sof0 = 0xC0;
    private const byte Sos = 0xDA;
    private const byte StuffedZero = 0x00;
    private const int QuantTableBytes = 64;
    private const int ThumbnailEntropyBytes = 300;

    /// <summary>A JPEG-shaped array (SOI, random bytes, EOI) carrying <paramref name="id"/> right after SOI, so tests can tell frames apart.</summary>
    public static byte[] Tagged(int id, int size = 1000)
    {
        var bytes = new byte[size];
        new Random(id).NextBytes(bytes);
        bytes[0] = Marker;
        bytes[1] = Soi;
        BitConverter.TryWriteBytes(bytes.AsSpan(2), id);
        bytes[^2] = Marker;
        bytes[^1] = Eoi;
        return bytes;
    }

    public static byte[] Create(Random random, int entropyBytes, bool exifThumbnail = false)
    {
        var bytes = new List<byte> { Marker, Soi };
        AddSegment(bytes, App0, [.. "JFIF\0"u8, 1, 1, 0, 0, 1, 0, 1, 0, 0]);
        if (exifThumbnail)
        {
            var thumbnail = Create(random, ThumbnailEntropyBytes);
            AddSegment(bytes, App1, [.. "Exif\0\0II*\0"u8, .. thumbnail]);
        }

        var table = new byte[QuantTableBytes + 1];
        for (int i = 1; i < table.Length; i++)
        {
            table[i] = (byte)random.Next(1, 256);
        }

        AddSegment(bytes, Dqt, table);
        AddSegment(bytes, Sof0, [8, 0, 16, 0, 16, 1, 1, 0x11, 0]);
        AddSegment(bytes, Sos, [1, 1, 0, 0, 63, 0]);
        for (int i = 0; i < entropyBytes; i++)
        {
            byte b = (byte)random.Next(256);
            bytes.Add(b);
            if (b == Marker)
            {
                bytes.Add(StuffedZero);
            }
        }

        bytes.Add(Marker);
        bytes.Add(Eoi);
        return [.. bytes];
    }

    private static void AddSegment(List<byte> bytes, byte marker, byte[] payload)
    {
        int length = payload.Length + 2;
        bytes.Add(Marker);
        bytes.Add(marker);
        bytes.Add((byte)(length >> 8));
        bytes.Add((byte)length);
        bytes.AddRange(payload);
    }
}
