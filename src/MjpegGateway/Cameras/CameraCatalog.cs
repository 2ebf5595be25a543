using Microsoft.Extensions.Options;
using Mjpeg.Fanout;
using Mjpeg.Frames;
using MjpegGateway.Upstream;

namespace MjpegGateway.Cameras;

/// <summary>
/// The cameras the gateway serves, built from the validated <c>Cameras</c> section, and the gateway-wide
/// viewer count. Starts always-on cameras with the host and closes everything when it stops.
/// </summary>
public sealed class CameraCatalog : IHostedService, IAsyncDisposable
{
    /// <summary>Boundary of every outgoing stream; never taken from a camera.</summary>
    public const string OutgoingBoundary = "mjpeg-gateway-frame";

    private readonly Dictionary<string, CameraEntry> _cameras = new(StringComparer.Ordinal);
    private readonly GatewayOptions _options;
    private int _viewers;
    private bool _disposed;

    public CameraCatalog(IConfiguration configuration, IOptions<GatewayOptions> options, TimeProvider time, ILoggerFactory loggers)
    {
        _options = options.Value;
        var logger = loggers.CreateLogger<CameraCatalog>();
        var upstreamLogger = loggers.CreateLogger<CameraUpstream>();
        var result = CameraConfigReader.Read(configuration);
        foreach (var error in result.Errors)
        {
            CamerasLog.CameraSkipped(logger, error.CameraId, string.Join(" ", error.Problems));
        }

        var hubOptions = new FrameHubOptions { StallTimeout = TimeSpan.FromSeconds(_options.StallTimeoutSeconds) };
        foreach (var camera in result.Cameras)
        {
            var http = CameraHttpInvoker.Create(camera);
            var feeds = new Dictionary<string, CameraFeed>(StringComparer.Ordinal);
            foreach (var profile in camera.Profiles.Keys)
            {
                var pool = new FramePool(OutgoingBoundary, _options.MaxFrameBytes, time);
                var hub = new FrameHub($"{camera.Id}/{profile}", pool, hubOptions, time);
                var upstream = new CameraUpstream(camera, profile, hub, http, _options, time, upstreamLogger);
                feeds[profile] = new CameraFeed(camera, profile, hub, upstream, time);
            }

            _cameras[camera.Id] = new CameraEntry(camera, feeds, http);
            CamerasLog.CameraLoaded(logger, camera.Id, camera.Profiles.Count, camera.Options.Mode);
        }

        ConfigErrors = result.Errors;
    }

    /// <summary>Cameras left out because of bad settings.</summary>
    public IReadOnlyList<CameraConfigError> ConfigErrors { get; }

    /// <summary>All running cameras.</summary>
    public IEnumerable<CameraEntry> Cameras => _cameras.Values;

    /// <summary>Stream viewers across all cameras.</summary>
    public int Viewers => Volatile.Read(ref _viewers);

    /// <summary>Finds a camera by id.</summary>
    public bool TryGet(string id, [NotNullWhen(true)] out CameraEntry? camera) => _cameras.TryGetValue(id, out camera);

    /// <summary>
    /// Reserves one viewer slot on <paramref name="camera"/> and in the gateway, atomically, so a burst of
    /// requests cannot overshoot either cap. Dispose the returned slot when the stream ends.
    /// </summary>
    public ViewerAdmission Admit(CameraEntry camera)
    {
        if (!TryIncrementBelow(ref _viewers, _options.MaxViewersTotal))
        {
            return ViewerAdmission.Rejected(AdmissionRejection.GatewayFull);
        }

        if (!camera.TryAddViewer())
        {
            Interlocked.Decrement(ref _viewers);
            return ViewerAdmission.Rejected(AdmissionRejection.CameraFull);
        }

        return ViewerAdmission.Admitted(() =>
        {
            camera.RemoveViewer();
            Interlocked.Decrement(ref _viewers);
        });
    }

    /// <inheritdoc />
    public Task StartAsync(CancellationToken cancellationToken)
    {
        foreach (var feed in _cameras.Values.SelectMany(c => c.Feeds.Values))
        {
            feed.StartAlwaysOn();
        }

        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public async Task StopAsync(CancellationToken cancellationToken) => await DisposeAsync().ConfigureAwait(false);

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        await Task.WhenAll(_cameras.Values.Select(c => c.DisposeAsync().AsTask())).ConfigureAwait(false);
    }

    private static bool TryIncrementBelow(ref int counter, int limit)
    {
        while (true)
        {
            var current = Volatile.Read(ref counter);
            if (current >= limit)
            {
                return false;
            }

            if (Interlocked.CompareExchange(ref counter, current + 1, current) == current)
            {
                return true;
            }
        }
    }
}
