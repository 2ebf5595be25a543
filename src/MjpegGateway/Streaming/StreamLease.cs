using Mjpeg.Fanout;
using MjpegGateway.Cameras;

namespace MjpegGateway.Streaming;

/// <summary>
/// An admitted stream or snapshot: the camera, its feed (held running by this lease's demand) and the caps slot.
/// Disposing it releases all of them.
/// </summary>
public sealed class StreamLease : IAsyncDisposable
{
    private readonly IDisposable _demand;
    private IAsyncDisposable? _slot;

    internal StreamLease(CameraEntry camera, CameraFeed feed, IDisposable demand, IAsyncDisposable? slot)
    {
        Camera = camera;
        Feed = feed;
        _demand = demand;
        _slot = slot;
    }

    /// <summary>The camera.</summary>
    public CameraEntry Camera { get; }

    /// <summary>The camera profile's feed; its upstream runs while the lease holds.</summary>
    public CameraFeed Feed { get; }

    /// <summary>Joins the feed's hub as a new viewer; false when a reload closed the feed meanwhile.</summary>
    public bool TryJoin(ViewerOptions options, [NotNullWhen(true)] out Viewer? viewer)
    {
        try
        {
            viewer = Feed.Hub.Add(options);
            return true;
        }
        catch (ObjectDisposedException)
        {
            viewer = null;
            return false;
        }
    }

    /// <summary>Releases the demand and the caps slot, once.</summary>
    public async ValueTask DisposeAsync()
    {
        _demand.Dispose();
        if (Interlocked.Exchange(ref _slot, null) is { } slot)
        {
            await slot.DisposeAsync().ConfigureAwait(false);
        }
    }
}
