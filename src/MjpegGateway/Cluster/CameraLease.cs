using StackExchange.Redis;

namespace MjpegGateway.Cluster;

/// <summary>
/// The owner lease of one camera profile: the one replica that pulls from the camera holds it. Taken with
/// <c>SET NX PX</c>, renewed with a compare-and-extend script, given back with compare-and-delete, so a replica can only
/// ever extend or drop its own lease.
/// </summary>
public sealed class CameraLease(ClusterRedis redis, string feed, string nodeId, TimeSpan duration, TimeProvider time, ClusterMetrics metrics, ILogger logger)
{
    private const string RenewScript = """
        if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
        return 0
        """;

    private const string ReleaseScript = """
        if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
        return 0
        """;

    private readonly RedisKey _key = redis.Key("lease:" + feed);
    private readonly long _durationMs = (long)duration.TotalMilliseconds;

    /// <summary>The feed (<c>camera/profile</c>) this lease is for.</summary>
    public string Feed => feed;

    /// <summary>How long the lease lasts without renewal.</summary>
    public TimeSpan Duration => duration;

    /// <summary>Takes the lease, or extends it when this node holds it already; null when another node holds it.</summary>
    /// <exception cref="RedisUnavailableException">Redis is down.</exception>
    public async Task<LeaseTerm?> TryAcquireAsync()
    {
        var sent = time.GetTimestamp();
        var taken = await redis.RunAsync("lease.acquire", db => db.StringSetAsync(_key, nodeId, duration, When.NotExists)).ConfigureAwait(false)
            || await TryRenewAsync().ConfigureAwait(false);
        if (!taken)
        {
            return null;
        }

        metrics.LeaseChanged(feed, "acquired");
        ClusterLog.LeaseChanged(logger, feed, "acquired by node " + nodeId);
        return new LeaseTerm(this, sent);
    }

    /// <summary>The node holding the lease, or null.</summary>
    /// <exception cref="RedisUnavailableException">Redis is down.</exception>
    public async Task<string?> OwnerAsync()
    {
        var owner = await redis.RunAsync("lease.owner", db => db.StringGetAsync(_key)).ConfigureAwait(false);
        return owner.IsNullOrEmpty ? null : owner.ToString();
    }

    internal async Task<bool> TryRenewAsync() =>
        (long)await redis.RunAsync("lease.renew", db => db.ScriptEvaluateAsync(RenewScript, [_key], [nodeId, _durationMs])).ConfigureAwait(false) == 1;

    internal async Task ReleaseAsync()
    {
        try
        {
            await redis.RunAsync("lease.release", db => db.ScriptEvaluateAsync(ReleaseScript, [_key], [nodeId])).ConfigureAwait(false);
            metrics.LeaseChanged(feed, "released");
            ClusterLog.LeaseChanged(logger, feed, "released by node " + nodeId);
        }
        catch (RedisUnavailableException)
        {
            // It lapses by itself within the lease duration.
        }
    }

    internal TimeProvider Time => time;

    internal ClusterMetrics Metrics => metrics;

    internal ILogger Logger => logger;
}
