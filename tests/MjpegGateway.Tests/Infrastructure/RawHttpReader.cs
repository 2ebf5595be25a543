using System.Text;

namespace MjpegGateway.Tests.Infrastructure;

/// <summary>Reads raw HTTP/1.1 responses from one connection: heads, and bodies by Content-Length or chunked (decoded strictly).</summary>
public sealed class RawHttpReader(Stream stream)
{
    private readonly List<byte> _buffered = [];

    public async Task<string> ReadHeadAsync()
    {
        var end = await FillUntilAsync("\r\n\r\n"u8.ToArray());
        return Encoding.ASCII.GetString(Take(end + 4));
    }

    /// <summary>The body of the response whose <paramref name="head"/> was just read: by Content-Length, else chunked.</summary>
    public async Task<byte[]> ReadBodyAsync(string head)
    {
        var length = head.Split("\r\n").FirstOrDefault(h => h.StartsWith("Content-Length:", StringComparison.OrdinalIgnoreCase));
        if (length is null)
        {
            return await ReadChunkedBodyAsync();
        }

        var count = int.Parse(length["Content-Length:".Length..].Trim(), System.Globalization.CultureInfo.InvariantCulture);
        await FillAsync(count);
        return Take(count);
    }

    public async Task<byte[]> ReadChunkedBodyAsync()
    {
        var body = new List<byte>();
        while (true)
        {
            var lineEnd = await FillUntilAsync("\r\n"u8.ToArray());
            var size = Convert.ToInt32(Encoding.ASCII.GetString(Take(lineEnd + 2)).TrimEnd(), 16);
            await FillAsync(size + 2);
            var chunk = Take(size + 2);
            Assert.True(chunk[^2] == '\r' && chunk[^1] == '\n', "a chunk ends with CRLF");
            if (size == 0)
            {
                return [.. body];
            }

            body.AddRange(chunk[..^2]);
        }
    }

    private async Task<int> FillUntilAsync(byte[] marker)
    {
        while (true)
        {
            var at = IndexOf(marker);
            if (at >= 0)
            {
                return at;
            }

            Assert.True(_buffered.Count < 1 << 20, "no line end within 1 MB");
            await ReadMoreAsync();
        }
    }

    private async Task FillAsync(int count)
    {
        while (_buffered.Count < count)
        {
            await ReadMoreAsync();
        }
    }

    private async Task ReadMoreAsync()
    {
        var buffer = new byte[16 * 1024];
        var read = await stream.ReadAsync(buffer);
        if (read == 0)
        {
            throw new EndOfStreamException("the gateway closed the connection mid-response");
        }

        _buffered.AddRange(buffer.AsSpan(0, read));
    }

    private int IndexOf(byte[] marker)
    {
        for (var i = 0; i + marker.Length <= _buffered.Count; i++)
        {
            var match = true;
            for (var j = 0; j < marker.Length && match; j++)
            {
                match = _buffered[i + j] == marker[j];
            }

            if (match)
            {
                return i;
            }
        }

        return -1;
    }

    private byte[] Take(int count)
    {
        var taken = _buffered.GetRange(0, count).ToArray();
        _buffered.RemoveRange(0, count);
        return taken;
    }
}
