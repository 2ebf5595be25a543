using System.Text;

namespace MjpegGateway.CameraSimulator.Tests;

/// <summary>Reads and dissects the raw multipart body, so tests look at the exact bytes a camera client sees.</summary>
internal static class RawBody
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    public static async Task<byte[]> ReadUntilAsync(Stream stream, Func<byte[], bool> enough)
    {
        using var timeout = new CancellationTokenSource(Timeout);
        using var body = new MemoryStream();
        var chunk = new byte[64 * 1024];
        while (!enough(body.ToArray()))
        {
            var read = await stream.ReadAsync(chunk, timeout.Token);
            if (read == 0)
            {
                throw new EndOfStreamException($"Stream ended after {body.Length} bytes.");
            }

            body.Write(chunk, 0, read);
        }

        return body.ToArray();
    }

    public static Task<byte[]> ReadOccurrencesAsync(Stream stream, string marker, int count) =>
        ReadUntilAsync(stream, body => Count(body, marker) >= count);

    public static int Count(ReadOnlySpan<byte> haystack, string needle)
    {
        var pattern = Encoding.Latin1.GetBytes(needle);
        var count = 0;
        for (var index = haystack.IndexOf(pattern); index >= 0; index = NextIndex(haystack, pattern, index))
        {
            count++;
        }

        return count;
    }

    public static int IndexOf(ReadOnlySpan<byte> haystack, string needle, int from = 0)
    {
        var index = haystack[from..].IndexOf(Encoding.Latin1.GetBytes(needle));
        return index < 0 ? -1 : from + index;
    }

    /// <summary>The JPEG of the first part that has a Content-Length header, and the offset just past it.</summary>
    public static (byte[] Jpeg, int End) JpegByContentLength(byte[] body, string newline = "\r\n", int from = 0)
    {
        var header = IndexOf(body, "Content-Length: ", from);
        Assert.True(header >= 0, "no Content-Length header");
        var lineEnd = IndexOf(body, newline, header);
        var length = int.Parse(Encoding.ASCII.GetString(body, header + 16, lineEnd - header - 16));
        var start = IndexOf(body, newline + newline, header) + (2 * newline.Length);
        Assert.True(body.Length >= start + length, "part not complete");
        return (body[start..(start + length)], start + length);
    }

    public static string Ascii(ReadOnlySpan<byte> bytes) => Encoding.Latin1.GetString(bytes);

    private static int NextIndex(ReadOnlySpan<byte> haystack, ReadOnlySpan<byte> pattern, int previous)
    {
        var next = haystack[(previous + 1)..].IndexOf(pattern);
        return next < 0 ? -1 : previous + 1 + next;
    }
}
