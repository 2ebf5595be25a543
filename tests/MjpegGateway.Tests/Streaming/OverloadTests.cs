using System.Net;
using Microsoft.Extensions.DependencyInjection;
using MjpegGateway.Streaming;
using MjpegGateway.Tests.Infrastructure;
using MjpegGateway.Tests.Telemetry;
using MjpegGateway.Tests.Units;

namespace MjpegGateway.Tests.Streaming;

/// <summary>Overload shedding as a client sees it: real Kestrel, a real camera, a hub that really skips frames.</summary>
public sealed class OverloadTests
{
    private static Task WhenChangedTo(OverloadGuard guard, bool overloaded)
    {
        var changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        guard.Changed += now =>
        {
            if (now == overloaded)
            {
                changed.TrySetResult();
            }
        };
        return changed.Task;
    }

    [Fact]
    public async Task While_the_gateway_skips_frames_a_new_stream_gets_503_with_Retry_After_and_a_snapshot_still_works_and_afterwards_streams_start_again()
    {
        await using var camera = await CameraSimulator.CameraSimulator.StartAsync();
        await using var gateway = await TestGateway.StartAsync(TestGateway.Camera(
            "busy",
            camera.VideoUrl,
            ("Gateway:Overload:ShedNewStreams", "true"),
            ("Gateway:Overload:WindowSeconds", "10"),
            ("Gateway:Overload:SkippingSeconds", "1")));
        var client = gateway.CreateClient(gateway.Tokens.Viewer("alice", "busy"));
        var guard = gateway.Services.GetRequiredService<OverloadGuard>();
        var overloaded = WhenChangedTo(guard, true);
        var recovered = WhenChangedTo(guard, false);
        Assert.True(gateway.Catalog.TryGet("busy", out var entry));
        var hub = entry.Feeds[entry.Camera.DefaultProfile].Hub;
        var viewers = OverloadGuardTests.Attach(hub);

        // One skipping second counts as overload for the next ten: time enough for the requests below on a slow machine.
        OverloadGuardTests.SkipFrames(hub);
        await overloaded.WaitAsync(TimeSpan.FromSeconds(10));
        using var refused = await client.GetAsync("cameras/busy/stream", HttpCompletionOption.ResponseHeadersRead);
        using var snapshot = await client.GetAsync("cameras/busy/snapshot");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
        Assert.Equal(StreamAdmission.RetryAfterFull, refused.Headers.RetryAfter?.Delta);
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
        Assert.Contains("\"Overloaded\"", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, snapshot.StatusCode);
        await MetricsTests.EventuallyScrapeAsync(
            gateway,
            s => s.Sum("mjpeg_stream_rejections_total", ("camera", "busy"), ("reason", "overload")) == 1 && s.Sum("mjpeg_gateway_overloaded") == 1,
            "one overload rejection, and the gateway reported overloaded");

        // No more skips: after the window the guard lets streams in again.
        viewers.ForEach(v => v.Dispose());
        await recovered.WaitAsync(TimeSpan.FromSeconds(30));
        await using var stream = await MjpegStreamClient.OpenAsync(client, "cameras/busy/stream");
        Assert.NotNull(await stream.ReadFrameAsync());
    }
}
