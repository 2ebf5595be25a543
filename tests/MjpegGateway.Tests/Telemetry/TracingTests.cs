using System.Collections.Concurrent;
using System.Diagnostics;
using MjpegGateway.Telemetry;
using MjpegGateway.Tests.Infrastructure;
using MjpegGateway.Upstream;

namespace MjpegGateway.Tests.Telemetry;

public sealed class TracingTests
{
    private const string Camera = "trace-gate";

    [Fact]
    public async Task Upstream_connection_attempts_and_stream_sessions_are_traced()
    {
        // Listeners are process-wide: keep only this test's camera.
        var stopped = new ConcurrentQueue<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name is GatewayActivities.SourceName or UpstreamActivities.SourceName,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = activity =>
            {
                if ((activity.GetTagItem("feed") ?? activity.GetTagItem("camera")) is string tag && tag.StartsWith(Camera, StringComparison.Ordinal))
                {
                    stopped.Enqueue(activity);
                }
            },
        };
        ActivitySource.AddActivityListener(listener);
        await using var camera = await CameraSimulator.CameraSimulator.StartAsync();
        await using var gateway = await TestGateway.StartAsync(TestGateway.Camera(Camera, camera.VideoUrl));

        await using (var viewer = await MjpegStreamClient.OpenAsync(gateway.Client, $"cameras/{Camera}/stream"))
        {
            await viewer.ReadFramesAsync(3);
        }

        await Eventually.TrueAsync(() => stopped.Any(a => a.OperationName == "mjpeg.stream"), "stream session span ended");
        var connect = Assert.Single(stopped, a => a.OperationName == "mjpeg.upstream.connect");
        Assert.Equal(ActivityKind.Client, connect.Kind);
        Assert.Null(connect.Parent);
        Assert.NotEqual(ActivityStatusCode.Error, connect.Status);
        Assert.Equal(camera.VideoUrl.Authority, connect.GetTagItem("server.address"));
        var session = Assert.Single(stopped, a => a.OperationName == "mjpeg.stream");
        Assert.Equal("hd", session.GetTagItem("profile"));
        Assert.True((long)session.GetTagItem("frames_sent")! >= 3);
        Assert.Equal("ClientGone", session.GetTagItem("reason"));
    }

    [Fact]
    public async Task Gateway_with_an_otlp_endpoint_configured_starts_and_streams_even_when_the_collector_is_away()
    {
        await using var camera = await CameraSimulator.CameraSimulator.StartAsync();
        await using var gateway = await TestGateway.StartAsync(TestGateway.WithTracing(TestGateway.Camera("otlp-gate", camera.VideoUrl)));

        await using var viewer = await MjpegStreamClient.OpenAsync(gateway.Client, "cameras/otlp-gate/stream");
        Assert.Equal(3, (await viewer.ReadFramesAsync(3)).Count);
        Assert.NotNull(gateway.Services.GetService(typeof(OpenTelemetry.Trace.TracerProvider)));
    }
}
