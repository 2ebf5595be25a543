using Mjpeg.Fanout;
using MjpegGateway.Upstream;

namespace MjpegGateway.Cameras;

/// <summary>
/// One camera profile as viewers see it: its hub, its single upstream, and who currently needs it.
/// Demand (streams and snapshots) starts an on-demand upstream; the upstream closes after the idle
/// linger once demand drops to zero.
/// </summary>
public sealed class CameraFeed : IAsyncDisposable
{
    private readonly object _gate = new();
    private readonly TimeProvider _time;
    private readonly TimeSpan _linger;
    private int _demand;
    private ITimer? _lingerTimer;
    private bool _disposed;

    internal CameraFeed(Camera camera, string profile, FrameHub hub, CameraUpstream upstream, TimeProvider time)
    {
        Camera = camera;
        Profile = profile;
        Hub = hub;
        Upstream = upstream;
        _time = time;
        _linger = TimeSpan.FromSeconds(camera.Options.IdleLingerSeconds);
    }

    /// <summary>The camera.</summary>
    public Camera Camera { get; }

    /// <summary>The profile name.</summary>
    public string Profile { get; }

    /// <summary>Fan-out of this profile's frames.</summary>
    public FrameHub Hub { get; }

    /// <summary>The camera connection.</summary>
    public CameraUpstream Upstream { get; }

    /// <summary>Streams and snapshots currently needing frames.</summary>
    public int Demand => Volatile.Read(ref _demand);

    /// <summary>Starts the upstream for an always-on camera.</summary>
    public void StartAlwaysOn()
    {
        if (Camera.Options.Mode == CameraMode.AlwaysOn)
        {
            Upstream.Start();
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
        }

        Upstream.Start();
        return new DemandLease(this);
    }

    private void ReleaseDemand()
    {
        lock (_gate)
        {
            _demand--;
            if (_demand > 0 || _disposed || Camera.Options.Mode == CameraMode.AlwaysOn)
            {
                return;
            }

            _lingerTimer?.Dispose();
            _lingerTimer = _time.CreateTimer(static s => ((CameraFeed)s!).OnLingerElapsed(), this, _linger, Timeout.InfiniteTimeSpan);
        }
    }

    private void OnLingerElapsed()
    {
        lock (_gate)
        {
            if (_demand > 0 || _disposed)
            {
                return;
            }

            _lingerTimer?.Dispose();
            _lingerTimer = null;
        }

        _ = Upstream.StopAsync();
    }

    /// <summary>Closes the upstream and ends every viewer.</summary>
    public async ValueTask DisposeAsync()
    {
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            _lingerTimer?.Dispose();
        }

        await Upstream.DisposeAsync().ConfigureAwait(false);
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
