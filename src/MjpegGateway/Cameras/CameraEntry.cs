namespace MjpegGateway.Cameras;

/// <summary>A running camera: its validated settings and one feed per profile.</summary>
public sealed class CameraEntry(Camera camera, IReadOnlyDictionary<string, CameraFeed> feeds, HttpMessageInvoker http) : IAsyncDisposable
{
    private int _viewers;

    /// <summary>Validated settings.</summary>
    public Camera Camera { get; } = camera;

    /// <summary>Feeds by profile name.</summary>
    public IReadOnlyDictionary<string, CameraFeed> Feeds { get; } = feeds;

    /// <summary>Stream viewers across all profiles.</summary>
    public int Viewers => Volatile.Read(ref _viewers);

    internal bool TryAddViewer()
    {
        while (true)
        {
            var current = Volatile.Read(ref _viewers);
            if (current >= Camera.Options.MaxViewers)
            {
                return false;
            }

            if (Interlocked.CompareExchange(ref _viewers, current + 1, current) == current)
            {
                return true;
            }
        }
    }

    internal void RemoveViewer() => Interlocked.Decrement(ref _viewers);

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        foreach (var feed in Feeds.Values)
        {
            await feed.DisposeAsync().ConfigureAwait(false);
        }

        http.Dispose();
    }
}
