using System.Threading.RateLimiting;
using MjpegGateway.RateLimiting;

namespace MjpegGateway.Cluster;

/// <summary>
/// Token buckets shared by all replicas: each key's bucket lives in Redis (<see cref="RedisTokenBucketLimiter"/>), so a
/// per-IP limit holds across the cluster. The rate-limiter middleware, exemptions, 429 and Retry-After stay as they are.
/// </summary>
/// <remarks>
/// Not the RedisRateLimiting package: its limiters fail the request when Redis is down, and its synchronous path always
/// refuses; here a Redis outage falls back to this node's own bucket for the key, with a warning and a metric.
/// </remarks>
public sealed class RedisRateLimitBuckets(ClusterRedis redis, ClusterMetrics metrics, TimeProvider time, ILogger<RedisRateLimitBuckets> logger) : IRateLimitBuckets
{
    private int _fallingBack;

    /// <inheritdoc />
    public RateLimitPartition<string> For(string key, RateLimitRule rule) =>
        RateLimitPartition.Get(key, k => new RedisTokenBucketLimiter(this, redis, k, rule, time));

    internal void FellBack()
    {
        metrics.Fallback("rate_limit");
        if (Interlocked.Exchange(ref _fallingBack, 1) == 0)
        {
            ClusterLog.RateLimitFallback(logger);
        }
    }

    internal void Reached() => Volatile.Write(ref _fallingBack, 0);
}
