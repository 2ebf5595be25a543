using System.Buffers;
using System.IO.Pipelines;
using System.Net.Http.Headers;
using System.Text;
using MjpegGateway.CameraSimulator;

namespace MjpegGateway.Tests.Infrastructure;

/// <summary>
/// A viewer: one GET of a gateway stream, read part by part with its own strict parser (independent of the
/// gateway's reader, so a framing bug on either side shows).
/// </summary>
public sealed class MjpegStreamClient : IAsyncDisposable
{
    private const int MaxHeaderBytes = 4096;
    private readonly HttpResponseMessage _response;
    private readonly PipeReader _reader;
    private readonly byte[] _delimiter;
    private bool _sawFirstDelimiter;

    private MjpegStreamClient(HttpResponseMessage response, Stream body, string boundary)
    {
        _response = response;
        _reader = PipeReader.Create(body);
        _delimiter = Encoding.ASCII.GetBytes("--" + boundary + "\r\n");
    }

    public HttpResponseMessage Response => _response;

    public static async Task<MjpegStreamClient> OpenAsync(HttpClient client, string path, CancellationToken cancellationToken = default)
    {
        var response = await client.GetAsync(path, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            var body = await response.Content.ReadAsStringAsync(cancellationToken);
            response.Dispose();
            throw new HttpRequestException($"stream {path} answered {(int)response.StatusCode}: {body}", null, response.StatusCode);
        }

        var contentType = response.Content.Headers.ContentType;
        Assert.Equal("multipart/x-mixed-replace", contentType?.MediaType);
        var boundary = contentType!.Parameters.Single(p => p.Name == "boundary").Value!;
        return new MjpegStreamClient(response, await response.Content.ReadAsStreamAsync(cancellationToken), boundary);
    }

    /// <summary>Reads the next JPEG, or null when the gateway ended the stream.</summary>
    public async Task<ReceivedFrame?> ReadFrameAsync(CancellationToken cancellationToken = default)
    {
        if (!_sawFirstDelimiter)
        {
            if (!await ExpectAsync(_delimiter, cancellationToken))
            {
                return null;
            }

            _sawFirstDelimiter = true;
        }

        var headers = await ReadHeadersAsync(cancellationToken);
        if (headers is null)
        {
            return null;
        }

        Assert.Equal("image/jpeg", headers["content-type"]);
        var length = int.Parse(headers["content-length"]);
        var jpeg = await ReadExactlyAsync(length, cancellationToken);
        if (jpeg is null)
        {
            return null;
        }

        // The next delimiter follows each frame at once so browsers paint without a frame of lag.
        Assert.True(await ExpectAsync([.. "\r\n"u8, .. _delimiter], cancellationToken), "frame not followed by CRLF and the next delimiter");
        var stamped = FrameStamp.TryRead(jpeg, out var sequence, out var sentMicros);
        return new ReceivedFrame(jpeg, stamped ? sequence : -1, stamped ? sentMicros : 0, DateTimeOffset.UtcNow);
    }

    public async Task<List<ReceivedFrame>> ReadFramesAsync(int count, CancellationToken cancellationToken = default)
    {
        var frames = new List<ReceivedFrame>(count);
        while (frames.Count < count)
        {
            var frame = await ReadFrameAsync(cancellationToken) ?? throw new EndOfStreamException($"stream ended after {frames.Count} frames");
            frames.Add(frame);
        }

        return frames;
    }

    private async Task<Dictionary<string, string>?> ReadHeadersAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            var result = await _reader.ReadAsync(cancellationToken);
            var buffer = result.Buffer;
            var text = Encoding.ASCII.GetString(buffer.Slice(0, Math.Min(buffer.Length, MaxHeaderBytes)).ToArray());
            var blockEnd = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
            if (blockEnd >= 0)
            {
                var headers = text[..blockEnd].Split("\r\n")
                    .Select(line => line.Split(':', 2))
                    .ToDictionary(p => p[0].Trim().ToLowerInvariant(), p => p[1].Trim());
                _reader.AdvanceTo(buffer.GetPosition(blockEnd + 4));
                return headers;
            }

            Assert.True(buffer.Length < MaxHeaderBytes, "part header block too large");
            _reader.AdvanceTo(buffer.Start, buffer.End);
            if (result.IsCompleted)
            {
                return null;
            }
        }
    }

    private async Task<byte[]?> ReadExactlyAsync(int count, CancellationToken cancellationToken)
    {
        while (true)
        {
            var result = await _reader.ReadAsync(cancellationToken);
            if (result.Buffer.Length >= count)
            {
                var bytes = result.Buffer.Slice(0, count).ToArray();
                _reader.AdvanceTo(result.Buffer.GetPosition(count));
                return bytes;
            }

            _reader.AdvanceTo(result.Buffer.Start, result.Buffer.End);
            if (result.IsCompleted)
            {
                return null;
            }
        }
    }

    private async Task<bool> ExpectAsync(byte[] expected, CancellationToken cancellationToken)
    {
        var bytes = await ReadExactlyAsync(expected.Length, cancellationToken);
        if (bytes is null)
        {
            return false;
        }

        Assert.Equal(Encoding.ASCII.GetString(expected), Encoding.ASCII.GetString(bytes));
        return true;
    }

    public async ValueTask DisposeAsync()
    {
        await _reader.CompleteAsync();
        _response.Dispose();
    }
}

public sealed record ReceivedFrame(byte[] Jpeg, long Sequence, long SentUnixMicroseconds, DateTimeOffset ReceivedAt)
{
    public TimeSpan Latency => TimeSpan.FromMicroseconds((ReceivedAt - DateTimeOffset.UnixEpoch).Ticks / 10.0 - SentUnixMicroseconds);
}
