using System.Net;

namespace MjpegGateway.CameraSimulator.Tests;

public sealed class VideoCgiTests
{
    private static readonly TimeSpan WaitTimeout = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task Stream_has_the_axis_layout_and_stamped_frames()
    {
        await using var camera = await CameraSimulator.StartAsync();
        using var client = new HttpClient();
        using var response = await client.GetAsync(camera.VideoUrl + "?resolution=320x180&fps=30", HttpCompletionOption.ResponseHeadersRead);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("multipart/x-mixed-replace; boundary=myboundary", response.Content.Headers.ContentType!.ToString());
        await using var stream = await response.Content.ReadAsStreamAsync();
        var body = await RawBody.ReadOccurrencesAsync(stream, "--myboundary\r\n", 3);

        Assert.StartsWith("--myboundary\r\nContent-Type: image/jpeg\r\nContent-Length: ", RawBody.Ascii(body));
        var (first, end) = RawBody.JpegByContentLength(body);
        Assert.Equal("\r\n--myboundary\r\n", RawBody.Ascii(body.AsSpan(end, 16)));
        var (second, _) = RawBody.JpegByContentLength(body, from: end);
        Assert.True(FrameStamp.TryRead(first, out var firstSequence, out var firstSent));
        Assert.True(FrameStamp.TryRead(second, out var secondSequence, out var secondSent));
        Assert.Equal(1, firstSequence);
        Assert.Equal(2, secondSequence);
        Assert.InRange(secondSent - firstSent, 1, 1_000_000);
        var age = DateTimeOffset.UtcNow - DateTimeOffset.UnixEpoch.AddTicks(secondSent * TimeSpan.TicksPerMicrosecond);
        Assert.InRange(age, TimeSpan.Zero, TimeSpan.FromSeconds(5));
        Assert.Equal([0xFF, 0xD9], first[^2..]);
        Assert.Equal(1, camera.ActiveStreams);
        Assert.Equal(1, camera.StreamsServed);
        Assert.True(camera.FramesSent >= 2);
    }

    [Fact]
    public async Task A_frame_loop_repeats_its_encoded_pictures_under_fresh_stamps()
    {
        await using var camera = await CameraSimulator.StartAsync(new SimulatedCameraOptions { FrameLoopLength = 2 });
        using var client = new HttpClient();
        var body = await client.GetByteArrayAsync(camera.VideoUrl + "?resolution=320x180&fps=60&nbrofframes=5");

        var frames = new List<byte[]>();
        for (var end = 0; frames.Count < 5;)
        {
            (var jpeg, end) = RawBody.JpegByContentLength(body, from: end);
            frames.Add(jpeg);
        }

        var stamps = frames.Select(f => FrameStamp.TryRead(f, out var sequence, out var sent) ? (Sequence: sequence, Sent: sent) : (Sequence: 0L, Sent: 0L)).ToList();
        Assert.Equal([1L, 2, 3, 4, 5], stamps.Select(s => s.Sequence));
        Assert.All(stamps.Zip(stamps.Skip(1)), pair => Assert.True(pair.Second.Sent > pair.First.Sent));
        // The picture after the stamp: frames 3 and 5 repeat frame 1, frame 4 repeats frame 2, and 1 and 2 differ.
        Assert.NotEqual(Picture(frames[0]), Picture(frames[1]));
        Assert.Equal(Picture(frames[0]), Picture(frames[2]));
        Assert.Equal(Picture(frames[1]), Picture(frames[3]));
        Assert.Equal(Picture(frames[0]), Picture(frames[4]));
    }

    [Fact]
    public async Task A_second_stream_that_lasts_one_frame_is_counted_in_the_peak_and_the_overlap()
    {
        await using var camera = await CameraSimulator.StartAsync();
        using var client = new HttpClient(new SocketsHttpHandler { MaxResponseDrainSize = 0 });
        using var steady = await client.GetAsync(camera.VideoUrl + "?resolution=160x90&fps=30", HttpCompletionOption.ResponseHeadersRead);
        await camera.WaitForActiveStreamsAsync(1, WaitTimeout);
        camera.MarkConcurrency();
        Assert.Equal((1, TimeSpan.Zero), (camera.PeakActiveStreams, camera.StreamOverlapTime));

        // One frame and the stream ends: far shorter than any polling interval a test could afford.
        using (var brief = await client.GetAsync(camera.VideoUrl + "?resolution=160x90&fps=30&nbrofframes=1"))
        {
            Assert.Equal(HttpStatusCode.OK, brief.StatusCode);
        }

        await camera.WaitForActiveStreamsAsync(1, WaitTimeout);
        Assert.Equal(2, camera.PeakActiveStreams);
        var overlap = camera.StreamOverlapTime;
        Assert.InRange(overlap, TimeSpan.FromTicks(1), WaitTimeout);
        Assert.Equal(overlap, camera.StreamOverlapTime);

        camera.MarkConcurrency();
        Assert.Equal((1, TimeSpan.Zero), (camera.PeakActiveStreams, camera.StreamOverlapTime));
    }

    [Fact]
    public async Task Streams_past_MaxStreams_get_503_until_one_ends()
    {
        await using var camera = await CameraSimulator.StartAsync(new SimulatedCameraOptions { MaxStreams = 1 });

        // By default HttpClient drains an abandoned response for up to 2 s to reuse the connection; a stream never ends.
        using var client = new HttpClient(new SocketsHttpHandler { MaxResponseDrainSize = 0 });
        var first = await client.GetAsync(camera.VideoUrl, HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);

        using (var refused = await client.GetAsync(camera.VideoUrl))
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
        }

        first.Dispose();
        await camera.WaitForActiveStreamsAsync(0, WaitTimeout);
        using var again = await client.GetAsync(camera.VideoUrl, HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        await camera.WaitForStreamsServedAsync(2, WaitTimeout);
        Assert.Equal([200, 503, 200], camera.Requests.Select(r => r.Status));
    }

    [Theory]
    [InlineData("resolution=640")]
    [InlineData("resolution=0x360")]
    [InlineData("fps=61")]
    [InlineData("fps=abc")]
    [InlineData("compression=101")]
    public async Task Invalid_parameters_get_400_in_plain_text(string query)
    {
        await using var camera = await CameraSimulator.StartAsync();
        using var client = new HttpClient();
        using var response = await client.GetAsync(camera.VideoUrl + "?" + query);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("text/plain", response.Content.Headers.ContentType!.MediaType);
        Assert.StartsWith("Error: ", await response.Content.ReadAsStringAsync());
        Assert.Equal(0, camera.StreamsServed);
    }

    // The simulator's layout (StampedJpeg): SOI, the stamp's COM segment, then the encoder's picture.
    private static byte[] Picture(byte[] jpeg) => jpeg[(JpegMarkers.MarkerLength + FrameStamp.SegmentLength)..];

    [Fact]
    public async Task Nbrofframes_ends_the_stream_after_that_many_frames()
    {
        await using var camera = await CameraSimulator.StartAsync();
        using var client = new HttpClient();
        var body = await client.GetByteArrayAsync(camera.VideoUrl + "?fps=60&nbrofframes=3");

        Assert.Equal(3, RawBody.Count(body, "--myboundary\r\n"));
        await camera.WaitForActiveStreamsAsync(0, WaitTimeout);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(30)]
    [InlineData(100)]
    public async Task Image_cgi_returns_one_stamped_jpeg_of_the_requested_size(int compression)
    {
        await using var camera = await CameraSimulator.StartAsync();
        using var client = new HttpClient();
        using var response = await client.GetAsync(new Uri(camera.BaseAddress, $"axis-cgi/jpg/image.cgi?resolution=160x90&compression={compression}"));

        Assert.Equal("image/jpeg", response.Content.Headers.ContentType!.MediaType);
        var jpeg = await response.Content.ReadAsByteArrayAsync();
        Assert.Equal(response.Content.Headers.ContentLength, jpeg.Length);
        Assert.True(FrameStamp.TryRead(jpeg, out var sequence, out _));
        Assert.Equal(1, sequence);
        using var decoded = SkiaSharp.SKBitmap.Decode(jpeg);
        Assert.Equal((160, 90), (decoded.Width, decoded.Height));
    }
}
