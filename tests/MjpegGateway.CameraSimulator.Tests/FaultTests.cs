using System.Net;

namespace MjpegGateway.CameraSimulator.Tests;

public sealed class FaultTests
{
    private static readonly TimeSpan WaitTimeout = TimeSpan.FromSeconds(10);
    private const string SmallFast = "?resolution=160x90&fps=30";

    private static async Task<(HttpResponseMessage Response, Stream Body)> OpenAsync(HttpClient client, CameraSimulator camera)
    {
        var response = await client.GetAsync(camera.VideoUrl + SmallFast, HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (response, await response.Content.ReadAsStreamAsync());
    }

    [Fact]
    public async Task OmitContentLength_sends_parts_without_length()
    {
        await using var camera = await CameraSimulator.StartAsync();
        camera.Faults.OmitContentLength = true;
        using var client = new HttpClient();
        var (response, body) = await OpenAsync(client, camera);
        using (response)
        {
            var bytes = await RawBody.ReadOccurrencesAsync(body, "--myboundary\r\n", 3);
            Assert.StartsWith("--myboundary\r\nContent-Type: image/jpeg\r\n\r\n\xFF\xD8\xFF\xFE", RawBody.Ascii(bytes));
            Assert.Equal(0, RawBody.Count(bytes, "Content-Length"));
            Assert.Equal(2, RawBody.Count(bytes, "\xFF\xD9\r\n--myboundary\r\n"));
        }
    }

    [Theory]
    [InlineData(true, false, "multipart/x-mixed-replace; boundary=\"myboundary\"")]
    [InlineData(false, true, "multipart/x-mixed-replace; boundary=--myboundary")]
    [InlineData(true, true, "multipart/x-mixed-replace; boundary=\"--myboundary\"")]
    public async Task Boundary_parameter_quirks_change_the_header_not_the_body(bool quote, bool dashes, string contentType)
    {
        await using var camera = await CameraSimulator.StartAsync();
        camera.Faults.QuoteBoundary = quote;
        camera.Faults.DashesInBoundaryParameter = dashes;
        using var client = new HttpClient();
        var (response, body) = await OpenAsync(client, camera);
        using (response)
        {
            Assert.Equal(contentType, response.Content.Headers.GetValues("Content-Type").Single());
            var bytes = await RawBody.ReadOccurrencesAsync(body, "--myboundary\r\n", 2);
            Assert.StartsWith("--myboundary\r\nContent-Type: image/jpeg\r\n", RawBody.Ascii(bytes));
            Assert.Equal(0, RawBody.Count(bytes, "----myboundary"));
        }
    }

    [Fact]
    public async Task BoundaryAfterPart_starts_with_headers_and_follows_each_part_with_the_delimiter()
    {
        await using var camera = await CameraSimulator.StartAsync();
        camera.Faults.BoundaryAfterPart = true;
        using var client = new HttpClient();
        var (response, body) = await OpenAsync(client, camera);
        using (response)
        {
            var bytes = await RawBody.ReadOccurrencesAsync(body, "--myboundary\r\n", 2);
            Assert.StartsWith("Content-Type: image/jpeg\r\nContent-Length: ", RawBody.Ascii(bytes));
            var (jpeg, end) = RawBody.JpegByContentLength(bytes);
            Assert.Equal("\r\n--myboundary\r\nContent-Type: image/jpeg\r\n", RawBody.Ascii(bytes.AsSpan(end, 42)));
            Assert.True(FrameStamp.TryRead(jpeg, out _, out _));
        }
    }

    [Fact]
    public async Task LfOnly_uses_bare_line_feeds_in_all_framing()
    {
        await using var camera = await CameraSimulator.StartAsync();
        camera.Faults.LfOnly = true;
        using var client = new HttpClient();
        var (response, body) = await OpenAsync(client, camera);
        using (response)
        {
            var bytes = await RawBody.ReadOccurrencesAsync(body, "--myboundary\n", 3);
            Assert.StartsWith("--myboundary\nContent-Type: image/jpeg\nContent-Length: ", RawBody.Ascii(bytes));
            var (_, end) = RawBody.JpegByContentLength(bytes, "\n");
            Assert.Equal("\n--myboundary\nContent-Type", RawBody.Ascii(bytes.AsSpan(end, 26)));
            Assert.Equal(0, RawBody.Count(bytes, "myboundary\r\n"));
        }
    }

    [Fact]
    public async Task ExifThumbnail_puts_a_whole_jpeg_inside_the_frame()
    {
        await using var camera = await CameraSimulator.StartAsync();
        camera.Faults.ExifThumbnail = true;
        using var client = new HttpClient();
        var (response, body) = await OpenAsync(client, camera);
        using (response)
        {
            var bytes = await RawBody.ReadOccurrencesAsync(body, "--myboundary\r\n", 2);
            var (jpeg, _) = RawBody.JpegByContentLength(bytes);
            var innerStart = RawBody.IndexOf(jpeg, "\xFF\xD8", 2);
            var innerEnd = RawBody.IndexOf(jpeg, "\xFF\xD9");
            Assert.InRange(innerStart, 2, jpeg.Length - 3);
            Assert.InRange(innerEnd, innerStart, jpeg.Length - 3);
            Assert.True(RawBody.IndexOf(jpeg, "Exif\0\0MM") > 0);
            Assert.Equal([0xFF, 0xD9], jpeg[^2..]);
            Assert.True(FrameStamp.TryRead(jpeg, out _, out _));
            using var decoded = SkiaSharp.SKBitmap.Decode(jpeg);
            Assert.Equal(160, decoded.Width);
        }
    }

    [Fact]
    public async Task SendGarbage_puts_junk_lines_between_the_jpeg_and_the_next_delimiter()
    {
        await using var camera = await CameraSimulator.StartAsync();
        camera.Faults.SendGarbage = true;
        using var client = new HttpClient();
        var (response, body) = await OpenAsync(client, camera);
        using (response)
        {
            var bytes = await RawBody.ReadOccurrencesAsync(body, "--myboundary\r\n", 2);
            var (_, end) = RawBody.JpegByContentLength(bytes);
            var next = RawBody.IndexOf(bytes, "\r\n--myboundary\r\n", end);
            Assert.True(next - end >= 8, "garbage between parts");
            Assert.Equal(0, RawBody.Count(bytes.AsSpan(end + 2, next - end - 2), "-"));
        }
    }

    [Fact]
    public async Task Stall_keeps_the_connection_open_and_silent_until_cleared()
    {
        await using var camera = await CameraSimulator.StartAsync();
        using var client = new HttpClient();
        var (response, body) = await OpenAsync(client, camera);
        using (response)
        {
            await RawBody.ReadOccurrencesAsync(body, "--myboundary\r\n", 1);
            camera.Faults.Stall = true;

            // A frame being rendered when the switch flips still goes out; wait until the count settles.
            long settled;
            do
            {
                settled = camera.FramesSent;
                await Task.Delay(300);
            }
            while (camera.FramesSent != settled);

            // Drain what was sent before the stall; a read that stays pending means the wire is silent.
            var buffer = new byte[64 * 1024];
            var pending = body.ReadAsync(buffer).AsTask();
            while (await Task.WhenAny(pending, Task.Delay(300)) == pending)
            {
                Assert.True(await pending > 0, "stream must stay open");
                pending = body.ReadAsync(buffer).AsTask();
            }

            var framesWhileStalled = camera.FramesSent;
            await Task.Delay(500);
            Assert.False(pending.IsCompleted);
            Assert.Equal(framesWhileStalled, camera.FramesSent);
            Assert.Equal(1, camera.ActiveStreams);

            camera.Faults.Stall = false;
            Assert.True(await pending > 0);
        }
    }

    [Fact]
    public async Task Offline_aborts_every_request_without_a_response()
    {
        await using var camera = await CameraSimulator.StartAsync();
        camera.Faults.Offline = true;
        using var client = new HttpClient();

        await Assert.ThrowsAsync<HttpRequestException>(() => client.GetAsync(camera.VideoUrl));
        Assert.Equal(RecordedRequest.NoResponse, Assert.Single(camera.Requests).Status);
    }

    [Fact]
    public async Task Hang_never_answers_and_the_request_is_recorded_at_arrival()
    {
        await using var camera = await CameraSimulator.StartAsync();
        camera.Faults.Hang = true;
        using var client = new HttpClient { Timeout = Timeout.InfiniteTimeSpan };
        using var giveUp = new CancellationTokenSource();

        // Wait for the arrival itself: a client timeout could fire before a loaded machine delivers the request.
        var get = client.GetAsync(camera.VideoUrl, giveUp.Token);
        await camera.WaitForRequestsRecordedAsync(1, WaitTimeout);
        Assert.Equal(RecordedRequest.NoResponse, Assert.Single(camera.Requests).Status);

        Assert.NotSame(get, await Task.WhenAny(get, Task.Delay(500)));
        giveUp.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => get);
        Assert.Single(camera.Requests);
    }

    [Fact]
    public async Task ForceStatus_answers_video_cgi_with_that_status()
    {
        await using var camera = await CameraSimulator.StartAsync();
        camera.Faults.ForceStatus = 404;
        using var client = new HttpClient();
        using var response = await client.GetAsync(camera.VideoUrl);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        camera.Faults.ForceStatus = null;
        using var normal = await client.GetAsync(camera.VideoUrl, HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(HttpStatusCode.OK, normal.StatusCode);
    }
}
