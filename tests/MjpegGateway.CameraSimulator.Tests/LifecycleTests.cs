using System.Net;

namespace MjpegGateway.CameraSimulator.Tests;

public sealed class LifecycleTests
{
    private static readonly TimeSpan WaitTimeout = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task Restart_listens_again_on_the_same_port_and_keeps_counting()
    {
        await using var camera = await CameraSimulator.StartAsync();
        Assert.Equal("127.0.0.1", camera.BaseAddress.Host);
        Assert.NotEqual(0, camera.BaseAddress.Port);
        using var client = new HttpClient();
        var stream = await client.GetAsync(camera.VideoUrl, HttpCompletionOption.ResponseHeadersRead);
        await camera.WaitForActiveStreamsAsync(1, WaitTimeout);

        await camera.StopAsync();
        await camera.WaitForActiveStreamsAsync(0, WaitTimeout);
        await Assert.ThrowsAnyAsync<Exception>(async () => await (await stream.Content.ReadAsStreamAsync()).CopyToAsync(Stream.Null));
        stream.Dispose();
        using (var refused = new HttpClient())
        {
            await Assert.ThrowsAsync<HttpRequestException>(() => refused.GetAsync(camera.VideoUrl));
        }

        await camera.RestartAsync();
        using var fresh = new HttpClient();
        using var again = await fresh.GetAsync(camera.VideoUrl, HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        await camera.WaitForStreamsServedAsync(2, WaitTimeout);
    }

    [Fact]
    public async Task DropAllConnections_ends_live_streams_but_keeps_listening()
    {
        await using var camera = await CameraSimulator.StartAsync();
        using var client = new HttpClient();
        using var response = await client.GetAsync(camera.VideoUrl, HttpCompletionOption.ResponseHeadersRead);
        await using var body = await response.Content.ReadAsStreamAsync();
        await RawBody.ReadOccurrencesAsync(body, "--myboundary\r\n", 1);

        camera.DropAllConnections();

        await Assert.ThrowsAnyAsync<Exception>(() => body.CopyToAsync(Stream.Null));
        await camera.WaitForActiveStreamsAsync(0, WaitTimeout);
        using var again = await client.GetAsync(camera.VideoUrl, HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
    }

    [Fact]
    public async Task Waiting_for_a_count_that_never_comes_times_out()
    {
        await using var camera = await CameraSimulator.StartAsync();
        await Assert.ThrowsAsync<TimeoutException>(() => camera.WaitForActiveStreamsAsync(1, TimeSpan.FromMilliseconds(100)));
    }

    [Fact]
    public async Task Invalid_options_are_all_reported()
    {
        var error = await Assert.ThrowsAsync<ArgumentException>(() => CameraSimulator.StartAsync(new SimulatedCameraOptions
        {
            Auth = SimulatedAuth.Digest,
            DefaultFps = 0,
            Boundary = "",
            FrameLoopLength = SimulatedCameraOptions.MaxFrameLoopLength + 1,
        }));

        Assert.Contains("Simulator:Username", error.Message, StringComparison.Ordinal);
        Assert.Contains("Simulator:Password", error.Message, StringComparison.Ordinal);
        Assert.Contains("Simulator:DefaultFps", error.Message, StringComparison.Ordinal);
        Assert.Contains("Simulator:Boundary", error.Message, StringComparison.Ordinal);
        Assert.Contains("Simulator:FrameLoopLength", error.Message, StringComparison.Ordinal);
    }
}
