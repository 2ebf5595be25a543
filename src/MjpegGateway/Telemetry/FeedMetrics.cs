using System.Diagnostics.Metrics;
using Microsoft.Extensions.Options;
using MjpegGateway.Cameras;
using MjpegGateway.Configuration;
using MjpegGateway.Upstream;

namespace MjpegGateway.Telemetry;

/// <summary>
/// The instruments read from live state when a collector asks (nothing on the frame path), tagged by camera and
/// profile: frames received, sent and dropped, bytes sent, viewers, upstream state, reconnects, fps and frame age.
/// Also samples each feed's rates (fps in and out, bitrate) for the <c>mjpeg.upstream.fps</c> gauge and the admin API.
/// </summary>
public sealed class FeedMetrics : IHostedService, IDisposable
{
    private static readonly UpstreamState[] States = Enum.GetValues<UpstreamState>();

    // One scrape observes every instrument within milliseconds; totals younger than this are that scrape's, so the three
    // viewer instruments share one walk over the sessions instead of three.
    private static readonly TimeSpan ScrapeSnapshotAge = TimeSpan.FromMilliseconds(500);

    private readonly GatewayMetrics _metrics;
    private readonly CameraCatalog _catalog;
    private readonly GatewaySettings _settings;
    private readonly IViewerTotals _sessions;
    private readonly TelemetryOptions _options;
    private readonly TimeProvider _time;
    private readonly Dictionary<FeedKey, RateWindow> _windows = [];
    private readonly object _windowsGate = new();
    private ITimer? _sampler;
    private (long Timestamp, Dictionary<FeedKey, ViewerTotals> Totals)? _scrapeTotals;
    private bool _instrumentsCreated;

    public FeedMetrics(GatewayMetrics metrics, CameraCatalog catalog, GatewaySettings settings, IViewerTotals sessions, IOptions<TelemetryOptions> options, TimeProvider time)
    {
        _metrics = metrics;
        _catalog = catalog;
        _settings = settings;
        _sessions = sessions;
        _options = options.Value;
        _time = time;
    }

    /// <summary>The feed's recent rates (zero until two samples exist).</summary>
    public FeedRate RateOf(CameraFeed feed)
    {
        lock (_windowsGate)
        {
            return _windows.TryGetValue(new FeedKey(feed.Camera.Id, feed.Profile), out var window) && window.Feed == feed ? window.Rate : default;
        }
    }

    /// <inheritdoc />
    public Task StartAsync(CancellationToken cancellationToken)
    {
        CreateInstruments();
        var interval = TimeSpan.FromSeconds(_options.RateSampleSeconds);
        _sampler = _time.CreateTimer(static s => ((FeedMetrics)s!).Sample(), this, TimeSpan.Zero, interval);
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task StopAsync(CancellationToken cancellationToken)
    {
        _sampler?.Dispose();
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public void Dispose() => _sampler?.Dispose();

    private void CreateInstruments()
    {
        if (_instrumentsCreated)
        {
            return;
        }

        _instrumentsCreated = true;
        var meter = _metrics.Meter;
        meter.CreateObservableCounter("mjpeg.upstream.frames", () => PerFeed(f => f.FramesReceivedTotal), "{frame}", "Frames received from the camera.");
        meter.CreateObservableCounter("mjpeg.upstream.frames.skipped", () => PerFeed(f => f.Hub.FramesSkippedBehind), "{frame}", "Frames from the camera offered to no viewer: the gateway was still offering the previous one (CPU overload).");
        meter.CreateObservableCounter("mjpeg.upstream.reconnects", () => PerFeed(f => f.ReconnectsTotal), "{reconnect}", "Upstream reconnects after a failure or loss.");
        meter.CreateObservableGauge("mjpeg.upstream.state", ObserveStates, null, "1 for the upstream's current state, 0 for the others.");
        // No unit: the exporter would append "_per_second" to a name that already says fps.
        meter.CreateObservableGauge("mjpeg.upstream.fps", () => PerFeed(f => RateOf(f).FramesInPerSecond), null, "Frames per second received from the camera (recent average).");
        meter.CreateObservableGauge("mjpeg.upstream.last_frame.age", ObserveFrameAge, "s", "Seconds since the camera's last frame.");
        meter.CreateObservableGauge("mjpeg.viewers", () => PerFeed(f => f.Hub.ViewerCount), "{viewer}", "Viewers currently attached.");
        // The caps in force, so alerts can compare viewers with them after a live edit.
        meter.CreateObservableGauge("mjpeg.camera.viewers.limit", ObserveCameraLimits, "{viewer}", "Most viewers a camera admits (MaxViewers).");
        meter.CreateObservableGauge("mjpeg.gateway.viewers.limit", () => _settings.Current.MaxViewersTotal, "{viewer}", "Most viewers the gateway admits (Gateway:MaxViewersTotal).");
        meter.CreateObservableCounter("mjpeg.viewer.frames", () => PerTotals(t => t.FramesSent), "{frame}", "Frames written to viewers.");
        meter.CreateObservableCounter("mjpeg.viewer.frames.dropped", ObserveDropped, "{frame}", "Frames a viewer did not get: reason slow_viewer (queue full) or fps_cap (its ?fps= limit).");
        meter.CreateObservableCounter("mjpeg.viewer.bytes", () => PerTotals(t => t.BytesSent), "By", "Bytes written to viewers.");
    }

    private IEnumerable<Measurement<T>> PerFeed<T>(Func<CameraFeed, T> value)
        where T : struct
    {
        foreach (var feed in _catalog.Feeds)
        {
            yield return new Measurement<T>(value(feed), Tags(feed.Camera.Id, feed.Profile));
        }
    }

    private IEnumerable<Measurement<long>> PerTotals(Func<ViewerTotals, long> value)
    {
        foreach (var (key, totals) in ScrapeTotals())
        {
            yield return new Measurement<long>(value(totals), Tags(key.Camera, key.Profile));
        }
    }

    private IEnumerable<Measurement<long>> ObserveDropped()
    {
        foreach (var (key, totals) in ScrapeTotals())
        {
            yield return new Measurement<long>(totals.FramesDroppedSlow, [.. Tags(key.Camera, key.Profile), new(TelemetryTags.Reason, "slow_viewer")]);
            yield return new Measurement<long>(totals.FramesSkippedFps, [.. Tags(key.Camera, key.Profile), new(TelemetryTags.Reason, "fps_cap")]);
        }
    }

    private Dictionary<FeedKey, ViewerTotals> ScrapeTotals()
    {
        lock (_windowsGate)
        {
            if (_scrapeTotals is not { } snapshot || _time.GetElapsedTime(snapshot.Timestamp) >= ScrapeSnapshotAge)
            {
                snapshot = (_time.GetTimestamp(), _sessions.Totals());
                _scrapeTotals = snapshot;
            }

            return snapshot.Totals;
        }
    }

    private IEnumerable<Measurement<int>> ObserveCameraLimits()
    {
        foreach (var camera in _catalog.Cameras)
        {
            yield return new Measurement<int>(camera.Camera.Options.MaxViewers, new KeyValuePair<string, object?>(TelemetryTags.Camera, camera.Camera.Id));
        }
    }

    private IEnumerable<Measurement<int>> ObserveStates()
    {
        foreach (var feed in _catalog.Feeds)
        {
            var state = feed.Upstream.State;
            foreach (var candidate in States)
            {
                yield return new Measurement<int>(candidate == state ? 1 : 0, [.. Tags(feed.Camera.Id, feed.Profile), new(TelemetryTags.State, candidate.ToString())]);
            }
        }
    }

    private IEnumerable<Measurement<double>> ObserveFrameAge()
    {
        foreach (var feed in _catalog.Feeds)
        {
            // No series before the first frame: "never" has no age, and a huge number would trip alerts on idle cameras.
            if (feed.Upstream.LastFrameAge is TimeSpan age)
            {
                yield return new Measurement<double>(age.TotalSeconds, Tags(feed.Camera.Id, feed.Profile));
            }
        }
    }

    private static KeyValuePair<string, object?>[] Tags(string camera, string profile) => [new(TelemetryTags.Camera, camera), new(TelemetryTags.Profile, profile)];

    private void Sample()
    {
        var now = _time.GetTimestamp();
        var totals = _sessions.Totals();
        var capacity = (int)Math.Ceiling(_options.RateWindowSeconds / _options.RateSampleSeconds) + 1;
        lock (_windowsGate)
        {
            var seen = new HashSet<FeedKey>();
            foreach (var feed in _catalog.Feeds)
            {
                var key = new FeedKey(feed.Camera.Id, feed.Profile);
                seen.Add(key);
                if (!_windows.TryGetValue(key, out var window) || window.Feed != feed)
                {
                    window = new RateWindow(feed, capacity);
                    _windows[key] = window;
                }

                window.Add(now, feed.FramesReceivedTotal, totals.GetValueOrDefault(key), _time);
            }

            foreach (var gone in _windows.Keys.Where(k => !seen.Contains(k)).ToList())
            {
                _windows.Remove(gone);
            }
        }
    }
}
