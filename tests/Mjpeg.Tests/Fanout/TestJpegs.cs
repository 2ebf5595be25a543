namespace Mjpeg.Tests.Fanout;

internal static class TestJpegs
{
    /// <summary>A JPEG-shaped byte array (SOI, payload, EOI) whose payload identifies it.</summary>
    public static byte[] Make(int id, int size = 1000)
    {
        var bytes = new byte[size];
        new Random(id).NextBytes(bytes);
        bytes[0] = 0xFF;
        bytes[1] = 0xD8;
        BitConverter.TryWriteBytes(bytes.AsSpan(2), id);
        bytes[^2] = 0xFF;
        bytes[^1] = 0xD9;
        return bytes;
    }
}
