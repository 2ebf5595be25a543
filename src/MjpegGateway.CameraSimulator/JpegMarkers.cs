namespace MjpegGateway.CameraSimulator;

/// <summary>
/// The JPEG markers the simulator writes and reads, defined once here. The simulator stands for a camera, so it keeps
/// its own copy rather than referencing the gateway's parser (<c>Mjpeg.Multipart.JpegMarkers</c>).
/// </summary>
internal static class JpegMarkers
{
    public const byte MarkerPrefix = 0xFF;
    public const byte StartOfImage = 0xD8;
    public const byte EndOfImage = 0xD9;
    public const byte StartOfScan = 0xDA;
    public const byte Comment = 0xFE;
    public const byte App1 = 0xE1;

    /// <summary>TEM: a standalone marker (no length field).</summary>
    public const byte Temporary = 0x01;

    /// <summary>RST0..RST7: standalone markers (no length field).</summary>
    public const byte FirstRestart = 0xD0;

    /// <inheritdoc cref="FirstRestart"/>
    public const byte LastRestart = 0xD7;

    /// <summary>A marker: its prefix and its code.</summary>
    public const int MarkerLength = 2;

    /// <summary>The big-endian segment length after a marker (counts itself, not the marker).</summary>
    public const int LengthFieldLength = 2;
}
