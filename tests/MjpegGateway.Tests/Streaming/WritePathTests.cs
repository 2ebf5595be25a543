using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using MjpegGateway.CameraSimulator;
using MjpegGateway.Streaming;
using MjpegGateway.Tests.Infrastructure;
using MjpegGateway.Transport;

namespace MjpegGateway.Tests.Streaming;

/// <summary>
/// The write paths: zero-copy sends over plain HTTP/1.1 (<c>StreamingTransport:ZeroCopyPlainHttp</c>), from the shared
/// frame buffer to the socket, get the write-path tests of the response pipe; TLS, HTTP/2 and HTTP/1.0 keep the pipe.
/// The stall tests run on every path in <see cref="SlowViewerTests"/>.
/// </summary>
public sealed class WritePathTests : IAsyncLifetime
{
    private CameraSimulator.CameraSimulator _camera = null!;

    public async Task InitializeAsync() => _camera = await CameraSimulator.CameraSimulator.StartAsync();

    public async Task DisposeAsync() => await _camera.DisposeAsync();

    [Fact]
    public async Task Fifty_plain_viewers_receive_identical_frames_sent_from_the_shared_buffer()
    {
        const int Viewers = 50;
        const int FramesEach = 10;
        await using var gateway = await TestGateway.StartAsync(
            TestGateway.Camera("lobby", _camera.VideoUrl, ("Profiles:hd", "resolution=640x360&fps=15&compression=10")), tls: false);
        var client = gateway.CreateClient(gateway.Tokens.Admin());
        var streams = await Task.WhenAll(Enumerable.Range(0, Viewers).Select(_ => MjpegStreamClient.OpenAsync(client, "cameras/lobby/stream")));
        try
        {
            Assert.All(streams, s => Assert.True(s.Response.Headers.TransferEncodingChunked, "the stream is a chunked HTTP/1.1 body"));
            var received = await FanoutAssert.ReadSameStretchAsync(streams, FramesEach);

            var sessions = gateway.Services.GetRequiredService<StreamSessions>().Live.ToList();
            Assert.Equal(Viewers, sessions.Count);
            Assert.All(sessions, s => Assert.Equal(StreamWritePath.ZeroCopy, s.WritePath));
            using (var viewers = System.Text.Json.JsonDocument.Parse(await client.GetStringAsync("api/cameras/lobby/viewers")))
            {
                Assert.All(viewers.RootElement.EnumerateArray(), v => Assert.Equal("ZeroCopy", v.GetProperty("writePath").GetString()));
            }

            Assert.Equal(1, _camera.StreamsServed);
            FanoutAssert.SameFramesInOrder(received, FramesEach);

            // Half the viewers vanish at once (reset); the rest keep streaming, and every frame reference comes back.
            foreach (var gone in streams.Take(Viewers / 2))
            {
                await gone.DisposeAsync();
            }

            var hub = gateway.Feed("lobby").Hub;
            await Eventually.TrueAsync(() => hub.ViewerCount == Viewers / 2, "the gone viewers leave the hub");
            await Task.WhenAll(streams.Skip(Viewers / 2).Select(s => s.ReadFramesAsync(3)));
        }
        finally
        {
            foreach (var s in streams)
            {
                await s.DisposeAsync();
            }
        }

        // A viewer leaves the hub before it releases what is still in its queue, so the references come back just after.
        await Eventually.TrueAsync(() => gateway.Feed("lobby").Hub.ViewerCount == 0, "every viewer left");
        await Eventually.TrueAsync(() => gateway.Feed("lobby").Hub.Pool.Outstanding <= 1, "every frame reference but the latest frame's comes back");
    }

    [Theory]
    [InlineData(StreamWritePath.ZeroCopy, false)]
    [InlineData(StreamWritePath.ResponsePipe, false)]
    [InlineData(StreamWritePath.ResponsePipe, true)]
    public async Task A_viewer_ended_in_the_middle_of_a_frame_gets_that_frame_whole_and_a_clean_end(StreamWritePath path, bool tls)
    {
        await using var gateway = await TestGateway.StartAsync(
            TestGateway.Camera("yard", _camera.VideoUrl,
                ("Profiles:hd", "resolution=1280x720&fps=15&compression=5"),
                ("Gateway:StallTimeoutSeconds", "60"),
                ("StreamingTransport:ZeroCopyPlainHttp", path == StreamWritePath.ZeroCopy ? "true" : "false")),
            tls: tls);
        await using var connection = await gateway.ConnectRawAsync(receiveBufferBytes: 4096);
        var http = new RawHttpReader(connection.Stream);
        await connection.SendGetAsync("/cameras/yard/stream", gateway.Address.Authority, gateway.Tokens.Admin());
        var head = await http.ReadHeadAsync();
        Assert.StartsWith("HTTP/1.1 200", head, StringComparison.Ordinal);
        Assert.Contains("Transfer-Encoding: chunked", head, StringComparison.OrdinalIgnoreCase);
        var boundary = head.Split("boundary=")[1].Split("\r\n")[0];

        // Stop reading: the gateway's kernel buffers fill and the viewer's current frame stays half sent.
        var time = gateway.Services.GetRequiredService<TimeProvider>();
        var session = await Eventually.ValueAsync(
            () => Task.FromResult(gateway.Services.GetRequiredService<StreamSessions>().Live.SingleOrDefault()),
            s => s is not null && s.Viewer.IsStalled(time.GetTimestamp(), TimeSpan.FromMilliseconds(300)),
            "the viewer's send is held up mid-frame", s => s is null ? "no session" : $"{s.Viewer.FramesSent} frames sent");
        Assert.Equal(path, session!.WritePath);

        session.End("AdminKick");
        var body = await http.ReadChunkedBodyAsync().WaitAsync(TimeSpan.FromSeconds(60));

        // Every part is whole: headers, all of its JPEG, and the delimiter after it; the body ends right after one.
        var parts = MultipartBody.Parse(body, boundary);
        Assert.True(parts.Count >= 1, "the frame in flight was finished");
        Assert.All(parts, jpeg => Assert.True(jpeg[0] == 0xFF && jpeg[1] == 0xD8 && jpeg[^2] == 0xFF && jpeg[^1] == 0xD9, "a whole JPEG"));

        // The response ended where HTTP says it did: the connection serves the next request.
        await connection.SendGetAsync("/healthz", gateway.Address.Authority);
        Assert.StartsWith("HTTP/1.1 200", await http.ReadHeadAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Tls_http2_and_http10_streams_keep_the_response_pipe_and_tls_connections_are_not_wrapped()
    {
        var probe = new RequestProbe<(bool IsHttps, bool ZeroCopyAvailable)>(
            context => (context.Request.IsHttps, context.Features.Get<IZeroCopySendFeature>()?.IsAvailable == true));
        await using var gateway = await TestGateway.StartAsync(
            TestGateway.Camera("lobby", _camera.VideoUrl, ("Public", "true")),
            plainHttpToo: true,
            configure: builder => builder.Services.AddSingleton<IStartupFilter>(probe));
        var sessions = gateway.Services.GetRequiredService<StreamSessions>();
        var cases = new (string Name, HttpClient Client, StreamWritePath Expected)[]
        {
            ("https 1.1", gateway.CreateClient(null), StreamWritePath.ResponsePipe),
            ("https 2", gateway.CreateClient(null, HttpVersion.Version20), StreamWritePath.ResponsePipe),
            ("plain 1.0", PlainClient(gateway, HttpVersion.Version10), StreamWritePath.ResponsePipe),
            ("plain 1.1", PlainClient(gateway, HttpVersion.Version11), StreamWritePath.ZeroCopy),
        };

        foreach (var (name, client, expected) in cases)
        {
            await using var stream = await MjpegStreamClient.OpenAsync(client, "cameras/lobby/stream");
            var frames = await stream.ReadFramesAsync(3);
            Assert.All(frames, f => Assert.True(f.Sequence > 0, name));
            Assert.Equal(expected, sessions.Live.Single().WritePath);
            await stream.DisposeAsync();
            await Eventually.TrueAsync(() => !sessions.Live.Any(), name + ": the stream ended");
        }

        // HTTP/2 without TLS is not served (Kestrel answers with HTTP_1_1_REQUIRED); the refusal, HTTP/2 frames written by
        // Kestrel on a plain connection, still reaches the client whole through the taken-over connection.
        var h2c = await Assert.ThrowsAsync<HttpRequestException>(() => PlainClient(gateway, HttpVersion.Version20).GetAsync("cameras/lobby/stream", HttpCompletionOption.ResponseHeadersRead));
        Assert.Contains("HTTP_1_1_REQUIRED", h2c.Message, StringComparison.Ordinal);

        // Under TLS the connection's output is the socket transport's own; only plain connections are taken over.
        Assert.Contains(probe.Seen, s => s is { IsHttps: true, ZeroCopyAvailable: false });
        Assert.DoesNotContain(probe.Seen, s => s is { IsHttps: true, ZeroCopyAvailable: true });
        Assert.Contains(probe.Seen, s => s is { IsHttps: false, ZeroCopyAvailable: true });
    }

    [Fact]
    public async Task Ordinary_plain_http_responses_go_out_whole_through_the_taken_over_connection()
    {
        await using var gateway = await TestGateway.StartAsync(TestGateway.Camera("lobby", _camera.VideoUrl, ("Public", "true")), plainHttpToo: true);
        using var handler = new SocketsHttpHandler { UseProxy = false, MaxConnectionsPerServer = 1 };
        using var plain = new HttpClient(handler) { BaseAddress = gateway.PlainAddress };
        plain.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", gateway.Tokens.Admin());

        // One keep-alive connection: a JSON list, a snapshot of many pool blocks, the health probe, one after another.
        for (var i = 0; i < 20; i++)
        {
            using (var list = System.Text.Json.JsonDocument.Parse(await plain.GetStringAsync("cameras/")))
            {
                Assert.Equal("lobby", list.RootElement[0].GetProperty("id").GetString());
            }

            using var snapshot = await plain.GetAsync("cameras/lobby/snapshot");
            snapshot.EnsureSuccessStatusCode();
            var jpeg = await snapshot.Content.ReadAsByteArrayAsync();
            Assert.Equal(snapshot.Content.Headers.ContentLength, jpeg.Length);
            Assert.True(jpeg[0] == 0xFF && jpeg[1] == 0xD8 && jpeg[^2] == 0xFF && jpeg[^1] == 0xD9, "a whole JPEG");
            Assert.Equal(HttpStatusCode.OK, (await plain.GetAsync("healthz")).StatusCode);
        }

        // A stream on the same kind of connection after all that, then an ordinary request again.
        await using (var stream = await MjpegStreamClient.OpenAsync(plain, "cameras/lobby/stream"))
        {
            await stream.ReadFramesAsync(3);
        }

        Assert.Equal(HttpStatusCode.OK, (await plain.GetAsync("healthz")).StatusCode);
    }

    private static HttpClient PlainClient(TestGateway gateway, Version version) => new(new SocketsHttpHandler { UseProxy = false })
    {
        BaseAddress = gateway.PlainAddress,
        DefaultRequestVersion = version,
        DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact,
    };

    /// <summary>Strict parse of a whole multipart stream body: the first delimiter, then parts each followed by the next delimiter.</summary>
    private static class MultipartBody
    {
        public static List<byte[]> Parse(byte[] body, string boundary)
        {
            var delimiter = Encoding.ASCII.GetBytes("--" + boundary + "\r\n");
            Assert.True(body.AsSpan().StartsWith(delimiter), "the body starts with the first delimiter");
            var at = delimiter.Length;
            var parts = new List<byte[]>();
            while (at < body.Length)
            {
                var headEnd = body.AsSpan(at).IndexOf("\r\n\r\n"u8);
                Assert.True(headEnd > 0, "a part's headers are whole");
                var headers = Encoding.ASCII.GetString(body, at, headEnd);
                var length = int.Parse(headers.Split("Content-Length: ")[1].Split("\r\n")[0]);
                at += headEnd + 4;
                Assert.True(at + length + 2 + delimiter.Length <= body.Length, "a part's JPEG and the delimiter after it are whole");
                parts.Add(body[at..(at + length)]);
                at += length;
                Assert.True(body.AsSpan(at).StartsWith([.. "\r\n"u8, .. delimiter]), "each JPEG is followed by CRLF and the next delimiter");
                at += 2 + delimiter.Length;
            }

            return parts;
        }
    }
}
