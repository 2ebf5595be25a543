namespace MjpegGateway.Cameras;

/// <summary>
/// A running camera: its validated settings and one feed per profile. A configuration edit updates it in place
/// (<see cref="ReconfigureAsync"/>), so viewers of unchanged profiles stay attached.
/// </summary>
public sealed class CameraEntry : IAsyncDisposable
{
    private readonly CameraFeedFactory _factory;
    private Camera _camera;
    private IReadOnlyDictionary<string, CameraFeed> _feeds;
    private HttpMessageInvoker _http;

    internal CameraEntry(Camera camera, IReadOnlyDictionary<string, CameraFeed> feeds, HttpMessageInvoker http, CameraFeedFactory factory)
    {
        _camera = camera;
        _feeds = feeds;
        _http = http;
        _factory = factory;
    }

    /// <summary>Validated settings (the latest accepted edit).</summary>
    public Camera Camera => Volatile.Read(ref _camera);

    /// <summary>Client networks allowed to view this camera; empty means no extra restriction.</summary>
    public Security.NetworkList AllowedNetworks => Camera.AllowedNetworks;

    /// <summary>What the access decision needs of this camera (its current settings).</summary>
    public Security.CameraAccessRules AccessRules => new(Camera.Id, Camera.Options.Public, Camera.AllowedNetworks);

    /// <summary>Feeds by profile name.</summary>
    public IReadOnlyDictionary<string, CameraFeed> Feeds => Volatile.Read(ref _feeds);

    /// <summary>Stream viewers in this process across all profiles (the caps count admissions: Security/IStreamCaps).</summary>
    public int Viewers => Feeds.Values.Sum(f => f.Hub.ViewerCount);

    /// <summary>
    /// Applies an accepted edit. A changed connection (URL, credentials, timeouts) or profile query reconnects the
    /// affected upstreams under their existing hubs; a removed profile ends its viewers; anything else applies at once.
    /// Callers are serialized by the catalog.
    /// </summary>
    internal async Task ReconfigureAsync(Camera next)
    {
        var previous = Camera;
        var reconnect = !CameraChanges.SameConnection(previous, next);
        var oldHttp = _http;
        var http = reconnect ? _factory.CreateHttp(next) : oldHttp;
        var current = Feeds;
        var feeds = new Dictionary<string, CameraFeed>(StringComparer.Ordinal);
        var swaps = new List<Task>();
        var added = new List<CameraFeed>();
        foreach (var profile in next.Profiles.Keys)
        {
            if (current.TryGetValue(profile, out var feed))
            {
                if (reconnect || previous.Profiles[profile] != next.Profiles[profile])
                {
                    swaps.Add(feed.ReplaceUpstreamAsync(next, _factory.CreateUpstream(next, profile, feed.Hub, http)));
                }
                else
                {
                    feed.UpdateCamera(next);
                }

                feeds[profile] = feed;
            }
            else
            {
                feed = _factory.CreateFeed(next, profile, http);
                feeds[profile] = feed;
                added.Add(feed);
            }
        }

        Volatile.Write(ref _camera, next);
        Volatile.Write(ref _feeds, feeds);
        Volatile.Write(ref _http, http);
        foreach (var feed in added)
        {
            feed.StartAlwaysOn();
        }

        await Task.WhenAll(swaps).ConfigureAwait(false);
        foreach (var (profile, feed) in current)
        {
            if (!feeds.ContainsKey(profile))
            {
                await feed.DisposeAsync().ConfigureAwait(false);
            }
        }

        if (reconnect)
        {
            // Every upstream that used the old client has stopped by now.
            oldHttp.Dispose();
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        foreach (var feed in Feeds.Values)
        {
            await feed.DisposeAsync().ConfigureAwait(false);
        }

        _http.Dispose();
    }
}
