using Mjpeg.Fanout;
using MjpegGateway.Upstream;

namespace MjpegGateway.Cameras;

/// <summary>
/// One camera profile as viewers see it: its hub, its single upstream, and who currently needs it.
/// Demand (streams and snapshots) starts an on-demand upstream; the upstream closes after the idle
/// linger once demand drops to zero. A configuration change can swap the upstream underneath the hub,
/// so the viewers stay attached while the camera reconnects.
/// </summary>
public sealed class CameraFeed : IAsyncDisposable
{
    private readonly object _gate = new();
    private readonly TimeProvider _time;
    private Camera _camera;
    private CameraUpstream _upstream;
    private CameraUpstream? _retiring;
    private long _retiredReconnects;
    private bool _switching;
    private int _demand;
    private ITimer? _lingerTimer;
    private bool _disposed;

    internal CameraFeed(Camera camera, string profile, FrameHub hub, CameraUpstream upstream, TimeProvider time)
    {
        _camera = camera;
        Profile = profile;
        Hub = hub;
        _upstream = upstream;
        _time = time;
    }

    /// <summary>The camera's current settings.</summary>
    public Camera Camera => Volatile.Read(ref _camera);

    /// <summary>The profile name.</summary>
    public string Profile { get; }

    /// <summary>Fan-out of this profile's frames.</summary>
    public FrameHub Hub { get; }

    /// <summary>The current camera connection (replaced when the camera's URL or credentials change).</summary>
    public CameraUpstream Upstream => Volatile.Read(ref _upstream);

    /// <summary>
    /// Frames received over this feed's life, across upstream replacements (monotonic, for counters): every frame any
    /// of its upstreams received was published to the one hub, which outlives them.
    /// </summary>
    public long FramesReceivedTotal => Hub.FramesPublished;

    /// <summary>Upstream reconnects over this feed's life, across upstream replacements (monotonic, for counters).</summary>
    public long ReconnectsTotal
    {
        get
        {
            lock (_gate)
            {
                return _retiredReconnects + (_retiring?.Reconnects ?? 0) + _upstream.Reconnects;
            }
        }
    }

    /// <summary>
    /// True when the upstream stays connected without viewers: always-on cameras, and the default profile of a
    /// required camera (readiness depends on it streaming).
    /// </summary>
    public bool IsHeldOpen => IsHeldOpenFor(Camera);

    /// <summary>Starts the upstream of a held-open feed (always-on or required).</summary>
    public void StartAlwaysOn()
    {
        lock (_gate)
        {
            if (!_disposed && !_switching && IsHeldOpen)
            {
                _upstream.Start();
            }
        }
    }

    /// <summary>Declares a need for frames until the returned lease is disposed.</summary>
    public IDisposable AcquireDemand()
    {
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            _demand++;
            _lingerTimer?.Dispose();
            _lingerTimer = null;
            // Started under the lock so a concurrent upstream swap cannot leave the old one running.
            if (!_switching)
            {
                _upstream.Start();
            }
        }

        return new DemandLease(this);
    }

    /// <summary>Applies settings that need no reconnect (name, mode, linger, caps).</summary>
    internal void UpdateCamera(Camera camera)
    {
        lock (_gate)
        {
            Volatile.Write(ref _camera, camera);
            if (_disposed || _switching)
            {
                return;
            }

            if (IsHeldOpenFor(camera))
            {
                _lingerTimer?.Dispose();
                _lingerTimer = null;
                _upstream.Start();
            }
            else if (_demand == 0 && _upstream.IsRunning)
            {
                StartLingerLocked();
            }
        }
    }

    /// <summary>
    /// Closes the current upstream and continues with <paramref name="next"/> (new URL or credentials); the hub and
    /// its viewers stay. The old connection is fully closed before the new one starts, so the hub never has two publishers.
    /// </summary>
    internal async Task ReplaceUpstreamAsync(Camera camera, CameraUpstream next)
    {
        CameraUpstream old;
        Task stopped;
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            old = _upstream;
            _retiring = old;
            Volatile.Write(ref _upstream, next);
            Volatile.Write(ref _camera, camera);
            _switching = true;
            stopped = old.StopAsync(UpstreamState.Stopped);
        }

        await stopped.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        lock (_gate)
        {
            _retiredReconnects += old.Reconnects;
            _retiring = null;
            _switching = false;
            if (!_disposed && (_demand > 0 || IsHeldOpenFor(camera)))
            {
                next.Start();
            }
        }
    }

    private bool IsHeldOpenFor(Camera camera) =>
        camera.Options.Mode == CameraMode.AlwaysOn || (camera.Options.Required && Profile == camera.DefaultProfile);

    private void ReleaseDemand()
    {
        lock (_gate)
        {
            _demand--;
            if (_demand > 0 || _disposed || IsHeldOpen)
            {
                return;
            }

            StartLingerLocked();
        }
    }

    private void StartLingerLocked()
    {
        _lingerTimer?.Dispose();
        var linger = TimeSpan.FromSeconds(Camera.Options.IdleLingerSeconds);
        _lingerTimer = _time.CreateTimer(static s => ((CameraFeed)s!).OnLingerElapsed(), this, linger, Timeout.InfiniteTimeSpan);
    }

    private void OnLingerElapsed()
    {
        CameraUpstream upstream;
        lock (_gate)
        {
            if (_demand > 0 || _disposed || _switching || IsHeldOpen)
            {
                return;
            }

            _lingerTimer?.Dispose();
            _lingerTimer = null;
            upstream = _upstream;
        }

        _ = upstream.StopAsync();
    }

    /// <summary>Closes the upstream and ends every viewer.</summary>
    public async ValueTask DisposeAsync()
    {
        CameraUpstream upstream;
        CameraUpstream? retiring;
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            _lingerTimer?.Dispose();
            upstream = _upstream;
            retiring = _retiring;
        }

        await upstream.DisposeAsync().ConfigureAwait(false);
        if (retiring is not null)
        {
            await retiring.DisposeAsync().ConfigureAwait(false);
        }

        Hub.Dispose();
    }

    private sealed class DemandLease(CameraFeed feed) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
            {
                feed.ReleaseDemand();
            }
        }
    }
}
