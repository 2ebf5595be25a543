using MjpegGateway.Upstream;

namespace MjpegGateway.Cluster;

/// <summary>
/// Where one camera profile's upstream connects in a cluster: to the camera while this node holds the profile's owner lease
/// (until the lease term ends), otherwise to the owner's relay. Asked again before every connection attempt, so a replica
/// whose relay broke takes the lease as soon as the dead owner's lapses. With Redis down it keeps reading the owner it knew.
/// </summary>
internal sealed class ClusteredUpstreamSource(
    Uri cameraUrl, HttpMessageInvoker cameraHttp, string cameraId, string profile, CameraLease lease, OwnedFeeds owned,
    ClusterRedis redis, ClusterNode node, RelayClient relay, ClusterMetrics metrics) : IUpstreamSource
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private LeaseTerm? _term;
    private Uri? _lastRelay;

    public async ValueTask<UpstreamTarget> NextAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_term is { IsHeld: true } held)
            {
                return UpstreamTarget.Camera(cameraUrl, cameraHttp, held.Lost);
            }

            await EndTermAsync().ConfigureAwait(false);
            try
            {
                if (await lease.TryAcquireAsync().ConfigureAwait(false) is { } term)
                {
                    _term = term;
                    owned.Add(lease.Feed, term);
                    _lastRelay = null;
                    return UpstreamTarget.Camera(cameraUrl, cameraHttp, term.Lost);
                }

                var owner = await lease.OwnerAsync().ConfigureAwait(false);
                if (owner is null || owner == node.Id)
                {
                    return UpstreamTarget.None("the owner lease just changed hands");
                }

                var url = await redis.RunAsync("node.url", db => db.StringGetAsync(redis.Key("node:" + owner))).ConfigureAwait(false);
                if (url.IsNullOrEmpty || !Uri.TryCreate(url.ToString(), UriKind.Absolute, out var ownerUrl))
                {
                    // The owner stopped beating: it died, and its lease lapses within LeaseSeconds.
                    _lastRelay = null;
                    return UpstreamTarget.None($"owner node {owner} is gone");
                }

                _lastRelay = RelayClient.UrlOf(ownerUrl, cameraId, profile);
                metrics.RelayConnected("out");
                return UpstreamTarget.Relay(_lastRelay, relay.Http);
            }
            catch (RedisUnavailableException)
            {
                // Without Redis no node can take a lease: keep reading the owner we knew, never the camera.
                return _lastRelay is { } known ? UpstreamTarget.Relay(known, relay.Http) : UpstreamTarget.None("Redis is unavailable");
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    public async ValueTask StoppedAsync()
    {
        await _gate.WaitAsync().ConfigureAwait(false);
        try
        {
            _lastRelay = null;
            await EndTermAsync().ConfigureAwait(false);
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task EndTermAsync()
    {
        if (_term is { } term)
        {
            _term = null;
            owned.Remove(lease.Feed, term);
            await term.DisposeAsync().ConfigureAwait(false);
        }
    }
}
