using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using MjpegGateway.CameraSimulator;
using MjpegGateway.Tests.Infrastructure;
using MjpegGateway.Tests.Vapix;

namespace MjpegGateway.Tests.Telemetry;

/// <summary>A client's trace context and baggage stay between the client and the gateway: no camera ever sees them.</summary>
public sealed class ClientTraceContextTests
{
    private const string ClientTraceId = "4bf92f3577b34da6a3ce929d0e0e4736";
    private static readonly string[] TraceHeaders = ["traceparent", "tracestate", "baggage", "Request-Id", "Correlation-Context"];

    // Traced: OpenTelemetry's tracing instrumentation is on, which has its own way of adding trace headers to requests.
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Vapix_pass_through_sends_the_camera_no_trace_context_or_baggage(bool traced)
    {
        await using var rig = await PassThroughRig.StartAsync(traced);
        using var request = new HttpRequestMessage(HttpMethod.Get, "cameras/lobby/vapix/jpg/image.cgi?resolution=320x180");
        AddClientTraceHeaders(request.Headers);
        using var response = await rig.Viewer.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        AssertNoClientTraceState(rig.CameraRequestsTo("/axis-cgi/jpg/image.cgi"));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Shared_upstream_never_carries_the_first_viewers_trace_context_on_any_reconnect(bool traced)
    {
        await using var camera = await CameraSimulator.CameraSimulator.StartAsync();
        // HttpClient's own spans to this camera: their parent shows which context the upstream loop runs in.
        var cameraCalls = new ConcurrentQueue<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == "System.Net.Http",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = activity =>
            {
                if (activity.GetTagItem("server.port") is int port && port == camera.VideoUrl.Port)
                {
                    cameraCalls.Enqueue(activity);
                }
            },
        };
        ActivitySource.AddActivityListener(listener);
        var settings = TestGateway.Camera("traced", camera.VideoUrl);
        await using var gateway = await TestGateway.StartAsync(traced ? TestGateway.WithTracing(settings) : settings);
        var client = gateway.CreateClient(gateway.Tokens.Admin());
        AddClientTraceHeaders(client.DefaultRequestHeaders);

        await using var viewer = await MjpegStreamClient.OpenAsync(client, "cameras/traced/stream");
        await viewer.ReadFramesAsync(2);
        camera.DropAllConnections();
        await camera.WaitForStreamsServedAsync(2, TimeSpan.FromSeconds(30));
        await viewer.ReadFramesAsync(2);

        var streams = camera.Requests.Where(r => r.PathAndQuery.StartsWith("/axis-cgi/mjpg/video.cgi", StringComparison.Ordinal)).ToList();
        Assert.True(streams.Count >= 2, $"{streams.Count} stream request(s)");
        AssertNoClientTraceState(streams);
        Assert.NotEmpty(cameraCalls);
        Assert.All(cameraCalls, call =>
        {
            Assert.NotEqual(ClientTraceId, call.TraceId.ToHexString());
            Assert.Empty(call.Baggage);
        });
    }

    private static void AddClientTraceHeaders(System.Net.Http.Headers.HttpRequestHeaders headers)
    {
        headers.TryAddWithoutValidation("traceparent", $"00-{ClientTraceId}-00f067aa0ba902b7-01");
        headers.TryAddWithoutValidation("tracestate", "client=client-state");
        headers.TryAddWithoutValidation("baggage", "user.id=alice,session=client-baggage");
    }

    private static void AssertNoClientTraceState(IReadOnlyList<RecordedRequest> requests)
    {
        Assert.NotEmpty(requests);
        foreach (var request in requests)
        {
            Assert.DoesNotContain(request.Headers.Keys, k => TraceHeaders.Contains(k, StringComparer.OrdinalIgnoreCase));
            Assert.DoesNotContain(request.Headers.Values, v => v.Contains(ClientTraceId, StringComparison.Ordinal) || v.Contains("client-", StringComparison.Ordinal));
        }
    }
}
