using System.Numerics;
using MjpegGateway.Cameras;
using MjpegGateway.Configuration;
using MjpegGateway.Telemetry;

namespace MjpegGateway.Streaming;

/// <summary>
/// Tells when the gateway is overloaded (<see cref="OverloadOptions"/>): once a second it reads how many camera frames
/// all hubs together have skipped, and keeps which of the last seconds had a skip. Overloaded while at least
/// <see cref="OverloadOptions.SkippingSeconds"/> of the last <see cref="OverloadOptions.WindowSeconds"/> did. The
/// settings are read at every tick, so an edit of the configuration file applies within a second.
/// </summary>
/// <remarks>
/// Skipped frames, not CPU use, because they are the harm itself: a busy core that still hands every frame to every
/// viewer in time is not overloaded, and a core shared with other processes or capped by a container is overloaded
/// at whatever CPU figure it stops keeping up.
/// </remarks>
public sealed class OverloadGuard : IHostedService, IDisposable
{
    /// <summary>How often the skipped-frame count is read.</summary>
    public static readonly TimeSpan CheckInterval = TimeSpan.FromSeconds(1);

    private readonly CameraCatalog _catalog;
    private readonly GatewaySettings _settings;
    private readonly TimeProvider _time;
    private readonly ILogger<OverloadGuard> _logger;
    private ITimer? _timer;
    // Touched only by the timer's callback, which does not overlap itself (one tick a second, a few microseconds each).
    private long _lastSkipped;
    private ulong _skippingSeconds; // bit 0: the last second; a 1 where frames were skipped
    private volatile bool _overloaded;

    public OverloadGuard(CameraCatalog catalog, GatewaySettings settings, GatewayMetrics metrics, TimeProvider time, ILogger<OverloadGuard> logger)
    {
        _catalog = catalog;
        _settings = settings;
        _time = time;
        _logger = logger;
        metrics.Meter.CreateObservableGauge(
            "mjpeg.gateway.overloaded", () => _overloaded ? 1 : 0, null, "1 while the gateway is overloaded: it skipped camera frames in most of the last seconds (Gateway:Overload).");
    }

    /// <summary>Whether the gateway is overloaded now.</summary>
    public bool IsOverloaded => _overloaded;

    /// <summary>Whether a new stream is to be refused now: overloaded, and <see cref="OverloadOptions.ShedNewStreams"/> on.</summary>
    public bool ShedsNewStreams => _overloaded && _settings.Current.Overload.ShedNewStreams;

    /// <summary>Raised on the timer's thread when <see cref="IsOverloaded"/> changes.</summary>
    public event Action<bool>? Changed;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _lastSkipped = SkippedTotal();
        _timer = _time.CreateTimer(static state => ((OverloadGuard)state!).Check(), this, CheckInterval, CheckInterval);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        Dispose();
        return Task.CompletedTask;
    }

    public void Dispose() => _timer?.Dispose();

    private void Check()
    {
        var skipped = SkippedTotal();
        // Lower than last time when a camera edit removed a hub with its count: nothing was skipped then.
        var skippedThisSecond = skipped > _lastSkipped;
        _lastSkipped = skipped;
        _skippingSeconds = (_skippingSeconds << 1) | (skippedThisSecond ? 1UL : 0UL);

        var options = _settings.Current.Overload;
        var window = Math.Clamp(options.WindowSeconds, 1, 64);
        var skipping = BitOperations.PopCount(_skippingSeconds & (ulong.MaxValue >> (64 - window)));
        var overloaded = skipping >= options.SkippingSeconds;
        if (overloaded == _overloaded)
        {
            return;
        }

        _overloaded = overloaded;
        if (overloaded)
        {
            StreamingLog.OverloadBegan(_logger, skipping, window, options.ShedNewStreams ? "refused (503)" : "still admitted (Gateway:Overload:ShedNewStreams is off)");
        }
        else
        {
            StreamingLog.OverloadEnded(_logger, skipping, window);
        }

        Changed?.Invoke(overloaded);
    }

    private long SkippedTotal() => _catalog.Feeds.Sum(feed => feed.Hub.FramesSkippedBehind);
}
