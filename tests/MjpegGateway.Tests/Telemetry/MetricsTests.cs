using System.Net;
using MjpegGateway.Tests.Infrastructure;

namespace MjpegGateway.Tests.Telemetry;

[Collection(MetricsCollection.Name)]
public sealed class MetricsTests
{
    private const string Camera = "metrics-lobby";

    [Fact]
    public async Task Scrape_after_streaming_counts_what_viewers_received_and_viewers_return_to_zero()
    {
        await using var camera = await CameraSimulator.CameraSimulator.StartAsync();
        await using var gateway = await TestGateway.StartAsync(TestGateway.Camera(Camera, camera.VideoUrl, ("IdleLingerSeconds", "60")));
        const int FramesEach = 10;

        var viewers = new[]
        {
            await MjpegStreamClient.OpenAsync(gateway.Client, $"cameras/{Camera}/stream"),
            await MjpegStreamClient.OpenAsync(gateway.Client, $"cameras/{Camera}/stream"),
        };
        await Task.WhenAll(viewers.Select(v => v.ReadFramesAsync(FramesEach)));
        var during = await EventuallyScrapeAsync(gateway, s => s.Sum("mjpeg_viewers", ("camera", Camera), ("profile", "hd")) == 2, "viewers gauge at 2");
        Assert.Equal(1, during.Sum("mjpeg_upstream_state", ("camera", Camera), ("profile", "hd"), ("state", "Streaming")));
        foreach (var viewer in viewers)
        {
            await viewer.DisposeAsync();
        }

        var after = await EventuallyScrapeAsync(gateway, s => s.Sum("mjpeg_viewers", ("camera", Camera), ("profile", "hd")) == 0
            && s.Sum("mjpeg_stream_sessions_total", ("camera", Camera)) == 2, "viewers gauge back to 0, two sessions ended");

        var hd = new[] { ("camera", Camera), ("profile", "hd") };
        Assert.True(after.Sum("mjpeg_viewer_frames_total", hd) >= 2 * FramesEach, after.Text);
        Assert.True(after.Sum("mjpeg_upstream_frames_total", hd) >= FramesEach, after.Text);
        Assert.True(after.Sum("mjpeg_viewer_bytes_total", hd) > 0, after.Text);
        Assert.NotNull(after.Sum("mjpeg_viewer_frames_dropped_total", [.. hd, ("reason", "slow_viewer")]));
        Assert.NotNull(after.Sum("mjpeg_viewer_frames_dropped_total", [.. hd, ("reason", "fps_cap")]));
        Assert.True(after.Sum("mjpeg_frame_delivery_duration_seconds_count", hd) >= 2 * FramesEach, after.Text);
        Assert.Equal(2, after.Sum("mjpeg_stream_first_frame_duration_seconds_count", hd));
        Assert.NotNull(after.Sum("mjpeg_upstream_reconnects_total", hd));
        Assert.Equal(0, after.Sum("mjpeg_upstream_frames_skipped_total", hd));
        Assert.InRange(after.Sum("mjpeg_upstream_fps", hd) ?? -1, 0.1, 1000);
        Assert.InRange(after.Sum("mjpeg_upstream_last_frame_age_seconds", hd) ?? -1, 0, 30);
        // Endless streams are kept out of the request-duration histogram; the scrapes themselves are in it.
        var durations = after.Text.Split('\n').Where(l => l.StartsWith("http_server_request_duration_seconds_count{", StringComparison.Ordinal)).ToList();
        Assert.Contains(durations, l => l.Contains("http_route=\"/metrics\"", StringComparison.Ordinal));
        Assert.DoesNotContain(durations, l => l.Contains("/stream", StringComparison.Ordinal));
        // Per-viewer identities never become labels.
        var gatewaySeries = string.Join("\n", after.Text.Split('\n').Where(l => l.StartsWith("mjpeg_", StringComparison.Ordinal)));
        Assert.DoesNotContain("test-admin", gatewaySeries, StringComparison.Ordinal);
        Assert.DoesNotContain("127.0.0.1", gatewaySeries, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Refused_streams_are_counted_by_reason()
    {
        await using var camera = await CameraSimulator.CameraSimulator.StartAsync();
        await using var gateway = await TestGateway.StartAsync(TestGateway.Camera("metrics-refused", camera.VideoUrl));

        using var anonymous = await gateway.Anonymous.GetAsync("cameras/metrics-refused/stream");
        using var otherCamera = await gateway.CreateClient(gateway.Tokens.Viewer("bob", "elsewhere")).GetAsync("cameras/metrics-refused/stream");
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, otherCamera.StatusCode);

        await EventuallyScrapeAsync(gateway, s => s.Sum("mjpeg_stream_rejections_total", ("camera", "metrics-refused"), ("reason", "auth")) == 2, "two auth rejections");
        var audit = gateway.Logs.Entries.Where(e => e.EventId == 501).ToList();
        Assert.Equal(2, audit.Count);
        Assert.Contains(audit, e => e.Message.Contains("bob", StringComparison.Ordinal) && e.Message.Contains("reason auth", StringComparison.Ordinal));
        Assert.DoesNotContain(gateway.Tokens.Viewer("bob", "elsewhere")[..20], gateway.Logs.AllText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Metrics_need_an_admin_token()
    {
        await using var gateway = await TestGateway.StartAsync(new Dictionary<string, string?>());

        using var anonymous = await gateway.Anonymous.GetAsync("metrics");
        using var viewer = await gateway.CreateClient(gateway.Tokens.Viewer("carol", "*")).GetAsync("metrics");
        using var admin = await gateway.Client.GetAsync("metrics");

        Assert.Equal(
            [HttpStatusCode.Unauthorized, HttpStatusCode.Forbidden, HttpStatusCode.OK],
            [anonymous.StatusCode, viewer.StatusCode, admin.StatusCode]);
        Assert.StartsWith("text/plain", admin.Content.Headers.ContentType?.MediaType, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Metrics_from_an_allowed_network_need_no_token_and_others_still_do()
    {
        await using var inside = await TestGateway.StartAsync(new Dictionary<string, string?> { ["Telemetry:MetricsAllowedNetworks:0"] = "127.0.0.0/8" });
        await using var outside = await TestGateway.StartAsync(new Dictionary<string, string?> { ["Telemetry:MetricsAllowedNetworks:0"] = "10.0.0.0/8" });

        using var fromInside = await inside.Anonymous.GetAsync("metrics");
        using var fromOutside = await outside.Anonymous.GetAsync("metrics");

        Assert.Equal(HttpStatusCode.OK, fromInside.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, fromOutside.StatusCode);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Kestrel_memory_pool_instruments_are_exported_only_when_asked(bool export)
    {
        // Kestrel's own pool (PoolBlockBytes 0) is the one with these instruments; the gateway's 16 KB pool has none.
        await using var gateway = await TestGateway.StartAsync(new Dictionary<string, string?>
        {
            ["Telemetry:ExportMemoryPoolMetrics"] = export ? "true" : "false",
            ["StreamingTransport:PoolBlockBytes"] = "0",
        });

        // The first scrape's request and response rent pool blocks; the second shows what was recorded.
        await ScrapeAsync(gateway);
        var scrape = await ScrapeAsync(gateway);

        Assert.True(scrape.Sum("mjpeg_gateway_viewers_limit") is not null, scrape.Text);
        Assert.Equal(export, scrape.Text.Contains("aspnetcore_memory_pool_", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("1")]
    public async Task Framework_metrics_are_held_to_their_series_limit_and_the_gateways_own_are_not(string? limit)
    {
        await using var camera = await CameraSimulator.CameraSimulator.StartAsync();
        var settings = TestGateway.Camera("limit-a", camera.VideoUrl);
        foreach (var (key, value) in TestGateway.Camera("limit-b", camera.VideoUrl))
        {
            settings[key] = value;
        }

        if (limit is not null)
        {
            settings["Telemetry:FrameworkMetricSeriesLimit"] = limit;
        }

        await using var gateway = await TestGateway.StartAsync(settings);

        // Two request-duration series at least: a 404, then the scrapes. One camera-limit series per camera.
        using (await gateway.Anonymous.GetAsync("no-such-path"))
        {
        }

        const string Count = "http_server_request_duration_seconds_count";
        var scrape = await EventuallyScrapeAsync(
            gateway,
            s => s.Sum(Count) >= 2 && (s.Sum(Count, ("http_response_status_code", "404")) is not null || s.Sum(Count, ("otel_metric_overflow", "true")) is not null),
            "the 404 and a scrape in the request-duration histogram");

        var overflowed = scrape.Sum(Count, ("otel_metric_overflow", "true")) is not null;
        Assert.True(overflowed == (limit is not null), scrape.Text);
        Assert.NotNull(scrape.Sum("mjpeg_camera_viewers_limit", ("camera", "limit-a")));
        Assert.NotNull(scrape.Sum("mjpeg_camera_viewers_limit", ("camera", "limit-b")));
        Assert.Null(scrape.Sum("mjpeg_camera_viewers_limit", ("otel_metric_overflow", "true")));
    }

    [Fact]
    public async Task A_telemetry_switch_that_is_not_a_boolean_stops_the_start_naming_the_key()
    {
        var error = await Assert.ThrowsAsync<MjpegGateway.Configuration.InvalidConfigurationException>(() =>
            TestGateway.StartAsync(new Dictionary<string, string?> { ["Telemetry:ExportMemoryPoolMetrics"] = "yes" }));

        Assert.Contains("Telemetry:ExportMemoryPoolMetrics", error.Message, StringComparison.Ordinal);
    }

    internal static async Task<PrometheusText> ScrapeAsync(TestGateway gateway)
    {
        using var response = await gateway.Client.GetAsync("metrics");
        response.EnsureSuccessStatusCode();
        return new PrometheusText(await response.Content.ReadAsStringAsync());
    }

    internal static Task<PrometheusText> EventuallyScrapeAsync(TestGateway gateway, Func<PrometheusText, bool> condition, string what) =>
        Eventually.ValueAsync(() => ScrapeAsync(gateway), condition, what, scrape => "\n" + scrape.Text);
}
