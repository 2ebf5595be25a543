using System.Threading.RateLimiting;

namespace MjpegGateway.RateLimiting;

/// <summary>
/// Where the token buckets of the rate limits live: in this process (<see cref="InProcessRateLimitBuckets"/>) or, for
/// a cluster, in shared state, so a limit holds across replicas.
/// </summary>
public interface IRateLimitBuckets
{
    /// <summary>
    /// The token-bucket partition for one key (group|who|rule) under one rule; the in-process one wraps
    /// RateLimitPartition.GetTokenBucketLimiter, a Redis one returns a limiter whose state lives in Redis.
    /// </summary>
    RateLimitPartition<string> For(string key, RateLimitRule rule);
}
