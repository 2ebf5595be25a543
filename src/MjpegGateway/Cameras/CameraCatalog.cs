using System.Collections.Immutable;
using Microsoft.Extensions.Primitives;
using MjpegGateway.Configuration;
using MjpegGateway.Upstream;

namespace MjpegGateway.Cameras;

/// <summary>
/// The cameras the gateway serves, built from the validated <c>Cameras</c> section, and the gateway-wide
/// viewer count. Starts always-on cameras with the host, follows edits of the configuration while it runs
/// (<see cref="ReloadAsync"/>), and closes everything when it stops.
/// </summary>
public sealed class CameraCatalog : IHostedService, IAsyncDisposable
{
    /// <summary>Boundary of every outgoing stream; never taken from a camera.</summary>
    public const string OutgoingBoundary = "mjpeg-gateway-frame";

    private readonly IConfiguration _configuration;
    private readonly GatewaySettings _settings;
    private readonly ConfigurationFileGuard _files;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly CameraFeedFactory _factory;
    private readonly SemaphoreSlim _reloadGate = new(1, 1);
    private readonly object _debounceGate = new();
    private ImmutableDictionary<string, CameraEntry> _cameras = ImmutableDictionary.Create<string, CameraEntry>(StringComparer.Ordinal);
    private IReadOnlyList<CameraConfigError> _configErrors;
    private IDisposable? _changeRegistration;
    private ITimer? _debounce;
    private string? _unreadable;
    private long _reloads;
    private bool _disposed;

    public CameraCatalog(IConfiguration configuration, GatewaySettings settings, ConfigurationFileGuard files, IUpstreamSources sources, TimeProvider time, ILoggerFactory loggers)
    {
        _configuration = configuration;
        _files = files;
        _settings = settings;
        _time = time;
        _logger = loggers.CreateLogger<CameraCatalog>();
        _factory = new CameraFeedFactory(settings, sources, time, loggers.CreateLogger<CameraUpstream>());
        var result = CameraConfigReader.Read(configuration);
        foreach (var error in result.Errors)
        {
            CamerasLog.CameraSkipped(_logger, error.CameraId, string.Join(" ", error.Problems));
        }

        var cameras = _cameras.ToBuilder();
        foreach (var camera in result.Cameras)
        {
            cameras[camera.Id] = _factory.CreateEntry(camera);
            CamerasLog.CameraLoaded(_logger, camera.Id, camera.Profiles.Count, camera.Options.Mode);
        }

        _cameras = cameras.ToImmutable();
        _configErrors = result.Errors;
    }

    /// <summary>Cameras of the current configuration that are not running as written (bad settings), with why.</summary>
    public IReadOnlyList<CameraConfigError> ConfigErrors => Volatile.Read(ref _configErrors);

    /// <summary>All running cameras.</summary>
    public IEnumerable<CameraEntry> Cameras => Volatile.Read(ref _cameras).Values;

    /// <summary>Every profile feed of every running camera.</summary>
    public IEnumerable<CameraFeed> Feeds => Cameras.SelectMany(c => c.Feeds.Values);

    /// <summary>Stream viewers in this process across all cameras.</summary>
    public int Viewers => Cameras.Sum(c => c.Viewers);

    /// <summary>Configuration reloads applied since start.</summary>
    public long Reloads => Interlocked.Read(ref _reloads);

    /// <summary>When the configuration was last re-read, or null before the first edit.</summary>
    public DateTimeOffset? LastReloadAt { get; private set; }

    /// <summary>Raised after each reload has been applied (cameras added, changed, removed).</summary>
    public event Action<CameraCatalog>? Reloaded;

    // The limits in force (they follow live edits).
    private GatewayOptions Limits => _settings.Current;

    /// <summary>Finds a camera by id.</summary>
    public bool TryGet(string id, [NotNullWhen(true)] out CameraEntry? camera) => Volatile.Read(ref _cameras).TryGetValue(id, out camera);

    /// <inheritdoc />
    public Task StartAsync(CancellationToken cancellationToken)
    {
        foreach (var feed in Feeds)
        {
            feed.StartAlwaysOn();
        }

        // File watchers fire several times per save; the debounce turns a burst into one reload.
        _changeRegistration = ChangeToken.OnChange(_configuration.GetReloadToken, ScheduleReload);
        return Task.CompletedTask;
    }

    /// <summary>
    /// Re-reads <c>Gateway</c> and <c>Cameras</c> and applies the difference: new cameras start, removed ones close
    /// (their viewers end), edited ones are updated in place (see <see cref="CameraEntry.ReconfigureAsync"/>), untouched
    /// ones are not disturbed. An invalid edit is logged with its key and the running version stays in force.
    /// </summary>
    public async Task ReloadAsync(CancellationToken cancellationToken = default)
    {
        await _reloadGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_disposed)
            {
                return;
            }

            if (Volatile.Read(ref _unreadable) is { } unreadable)
            {
                CamerasLog.FileUnreadable(_logger, unreadable);
                return;
            }

            if (!_settings.TryReload(_configuration, out var gatewayErrors))
            {
                CamerasLog.GatewayEditRejected(_logger, string.Join(" ", gatewayErrors));
            }

            var result = CameraConfigReader.Read(_configuration);
            var current = Volatile.Read(ref _cameras);
            var next = current.ToBuilder();
            var valid = result.Cameras.ToDictionary(c => c.Id, StringComparer.Ordinal);
            var added = new List<CameraEntry>();
            var changed = new List<(CameraEntry Entry, Camera Camera)>();
            var removed = new List<CameraEntry>();
            foreach (var camera in result.Cameras)
            {
                if (!current.TryGetValue(camera.Id, out var entry))
                {
                    entry = _factory.CreateEntry(camera);
                    next[camera.Id] = entry;
                    added.Add(entry);
                    CamerasLog.CameraAdded(_logger, camera.Id, camera.Profiles.Count, camera.Options.Mode);
                }
                else if (!CameraChanges.Same(entry.Camera, camera))
                {
                    changed.Add((entry, camera));
                    CamerasLog.CameraChanged(_logger, camera.Id, CameraChanges.SameConnection(entry.Camera, camera) ? "settings" : "connection");
                }
            }

            foreach (var error in result.Errors)
            {
                if (current.ContainsKey(error.CameraId))
                {
                    CamerasLog.CameraEditRejected(_logger, error.CameraId, string.Join(" ", error.Problems));
                }
                else
                {
                    CamerasLog.CameraSkipped(_logger, error.CameraId, string.Join(" ", error.Problems));
                }
            }

            var invalid = result.Errors.Select(e => e.CameraId).ToHashSet(StringComparer.Ordinal);
            foreach (var (id, entry) in current)
            {
                // Deleted or disabled; a camera whose edit is invalid keeps running as it was.
                if (!valid.ContainsKey(id) && !invalid.Contains(id))
                {
                    next.Remove(id);
                    removed.Add(entry);
                    CamerasLog.CameraRemoved(_logger, id, entry.Viewers);
                }
            }

            Volatile.Write(ref _cameras, next.ToImmutable());
            Volatile.Write(ref _configErrors, result.Errors);
            foreach (var feed in added.SelectMany(c => c.Feeds.Values))
            {
                feed.StartAlwaysOn();
            }

            await Task.WhenAll(
                changed.Select(c => c.Entry.ReconfigureAsync(c.Camera))
                    .Concat(removed.Select(c => c.DisposeAsync().AsTask()))).ConfigureAwait(false);
            LastReloadAt = _time.GetUtcNow();
            Interlocked.Increment(ref _reloads);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // A reload bug must not take the running cameras down; they keep their last configuration.
            CamerasLog.ReloadFailed(_logger, ex);
        }
        finally
        {
            _reloadGate.Release();
        }

        Reloaded?.Invoke(this);
    }

    private void ScheduleReload()
    {
        // One callback per file load: a failed load leaves its error here, a later good load clears it, so only
        // the state of the latest load decides whether the debounced reload may apply.
        Volatile.Write(ref _unreadable, _files.TryTakeFailure(out var failure) ? failure : null);
        lock (_debounceGate)
        {
            if (_disposed)
            {
                return;
            }

            _debounce?.Dispose();
            _debounce = _time.CreateTimer(
                static s => _ = ((CameraCatalog)s!).ReloadAsync(),
                this,
                TimeSpan.FromSeconds(Limits.ConfigReloadDelaySeconds),
                Timeout.InfiniteTimeSpan);
        }
    }

    /// <inheritdoc />
    public async Task StopAsync(CancellationToken cancellationToken) => await DisposeAsync().ConfigureAwait(false);

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        lock (_debounceGate)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            _changeRegistration?.Dispose();
            _debounce?.Dispose();
        }

        // Waits for a reload in progress, so no camera it creates is left running.
        await _reloadGate.WaitAsync().ConfigureAwait(false);
        try
        {
            await Task.WhenAll(Cameras.Select(c => c.DisposeAsync().AsTask())).ConfigureAwait(false);
        }
        finally
        {
            _reloadGate.Release();
        }
    }
}
