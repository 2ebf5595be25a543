using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Mjpeg.Fanout;
using MjpegGateway.Cameras;
using MjpegGateway.Telemetry;

namespace MjpegGateway.Tests.Units;

/// <summary>
/// The instruments read from live state at collection time, observed with <see cref="MetricCollector{T}"/>: what each
/// reports per camera profile, with no host and a fake clock.
/// </summary>
public sealed class FeedMetricsTests
{
    private static readonly byte[] Jpeg = [0xFF, 0xD8, 0xFF, 0xD9];

    private static ServiceProvider Parts(params (string Key, string Value)[] edits)
    {
        var settings = GatewayParts.Cameras("lobby");
        foreach (var (key, value) in edits)
        {
            settings[key] = value;
        }

        return GatewayParts.Create(settings);
    }

    private static async Task<FeedMetrics> StartedAsync(ServiceProvider parts, IViewerTotals totals)
    {
        var metrics = ActivatorUtilities.CreateInstance<FeedMetrics>(parts, totals, Options.Create(new TelemetryOptions()));
        await metrics.StartAsync(default);
        return metrics;
    }

    private static IReadOnlyList<CollectedMeasurement<T>> Observe<T>(ServiceProvider parts, string instrument)
        where T : struct
    {
        using var collector = new MetricCollector<T>(parts.GetRequiredService<GatewayMetrics>().Meter, instrument);
        collector.RecordObservableInstruments();
        return collector.GetMeasurementSnapshot();
    }

    private static CameraFeed Feed(ServiceProvider parts, string profile)
    {
        Assert.True(parts.GetRequiredService<CameraCatalog>().TryGet("lobby", out var camera));
        return camera.Feeds[profile];
    }

    private static T ValueOf<T>(IReadOnlyList<CollectedMeasurement<T>> measurements, string profile, string? reason = null)
        where T : struct =>
        Assert.Single(measurements, m => (string?)m.Tags["profile"] == profile && (reason is null || (string?)m.Tags["reason"] == reason)).Value;

    [Fact]
    public async Task Frames_received_and_viewers_attached_are_reported_per_profile()
    {
        await using var parts = Parts();
        using var metrics = await StartedAsync(parts, new FixedTotals());
        var hd = Feed(parts, "hd");
        hd.Hub.Publish(hd.Hub.Pool.Create(Jpeg));
        hd.Hub.Publish(hd.Hub.Pool.Create(Jpeg));
        using var viewer = hd.Hub.Add(new ViewerOptions());

        var frames = Observe<long>(parts, "mjpeg.upstream.frames");
        var viewers = Observe<int>(parts, "mjpeg.viewers");

        Assert.Equal((2L, 0L), (ValueOf(frames, "hd"), ValueOf(frames, "low")));
        Assert.Equal((1, 0), (ValueOf(viewers, "hd"), ValueOf(viewers, "low")));
        Assert.All(frames, m => Assert.Equal("lobby", m.Tags["camera"]));
    }

    [Fact]
    public async Task Upstream_state_is_one_for_the_current_state_and_zero_for_the_others()
    {
        await using var parts = Parts();
        using var metrics = await StartedAsync(parts, new FixedTotals());

        var states = Observe<int>(parts, "mjpeg.upstream.state").Where(m => (string?)m.Tags["profile"] == "hd").ToList();

        Assert.Equal(Enum.GetValues<MjpegGateway.Upstream.UpstreamState>().Length, states.Count);
        Assert.Equal("Idle", Assert.Single(states, m => m.Value == 1).Tags["state"]);
    }

    [Fact]
    public async Task The_limits_in_force_are_reported()
    {
        await using var parts = Parts(("Cameras:lobby:MaxViewers", "7"), ("Gateway:MaxViewersTotal", "42"));
        using var metrics = await StartedAsync(parts, new FixedTotals());

        var camera = Assert.Single(Observe<int>(parts, "mjpeg.camera.viewers.limit"));
        var gateway = Assert.Single(Observe<int>(parts, "mjpeg.gateway.viewers.limit"));

        Assert.Equal((7, "lobby"), (camera.Value, camera.Tags["camera"]));
        Assert.Equal(42, gateway.Value);
    }

    [Fact]
    public async Task Viewer_totals_are_reported_as_frames_bytes_and_drops_by_reason()
    {
        await using var parts = Parts();
        using var metrics = await StartedAsync(parts, new FixedTotals { [new FeedKey("lobby", "hd")] = new ViewerTotals(100, 7, 3, 5000) });

        var frames = Observe<long>(parts, "mjpeg.viewer.frames");
        var bytes = Observe<long>(parts, "mjpeg.viewer.bytes");
        var dropped = Observe<long>(parts, "mjpeg.viewer.frames.dropped");

        Assert.Equal((100L, 5000L), (ValueOf(frames, "hd"), ValueOf(bytes, "hd")));
        Assert.Equal((7L, 3L), (ValueOf(dropped, "hd", "slow_viewer"), ValueOf(dropped, "hd", "fps_cap")));
    }

    [Fact]
    public async Task A_scrape_reads_the_viewer_totals_once_for_its_three_instruments()
    {
        await using var parts = Parts();
        var time = (FakeTimeProvider)parts.GetRequiredService<TimeProvider>();
        var totals = new FixedTotals { [new FeedKey("lobby", "hd")] = new ViewerTotals(1, 0, 0, 10) };
        using var metrics = await StartedAsync(parts, totals);
        var before = totals.Reads; // the rate sampler's own read at start

        Observe<long>(parts, "mjpeg.viewer.frames");
        Observe<long>(parts, "mjpeg.viewer.bytes");
        Observe<long>(parts, "mjpeg.viewer.frames.dropped");
        Assert.Equal(before + 1, totals.Reads);

        // The next scrape comes seconds later and reads fresh totals.
        totals[new FeedKey("lobby", "hd")] = new ViewerTotals(2, 0, 0, 20);
        time.Advance(TimeSpan.FromSeconds(15));
        var reads = totals.Reads;
        Assert.Equal(2L, ValueOf(Observe<long>(parts, "mjpeg.viewer.frames"), "hd"));
        Assert.Equal(reads + 1, totals.Reads);
    }

    [Fact]
    public async Task Frames_per_second_comes_from_the_sampled_window()
    {
        await using var parts = Parts();
        var time = (FakeTimeProvider)parts.GetRequiredService<TimeProvider>();
        using var metrics = await StartedAsync(parts, new FixedTotals());
        var hd = Feed(parts, "hd");

        for (var second = 0; second < 4; second++)
        {
            for (var i = 0; i < 10; i++)
            {
                hd.Hub.Publish(hd.Hub.Pool.Create(Jpeg));
            }

            time.Advance(TimeSpan.FromSeconds(1));
        }

        var fps = Observe<double>(parts, "mjpeg.upstream.fps");
        Assert.Equal(10, ValueOf(fps, "hd"), 3);
        Assert.Equal(0d, ValueOf(fps, "low"));
        Assert.Equal(10, metrics.RateOf(hd).FramesInPerSecond, 3);
    }

    // Totals as a stream-session registry would report them; counts how often a scrape asks.
    private sealed class FixedTotals : Dictionary<FeedKey, ViewerTotals>, IViewerTotals
    {
        public int Reads { get; private set; }

        public Dictionary<FeedKey, ViewerTotals> Totals()
        {
            Reads++;
            return new(this);
        }
    }
}
