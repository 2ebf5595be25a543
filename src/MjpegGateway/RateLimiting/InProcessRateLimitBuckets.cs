using System.Threading.RateLimiting;

namespace MjpegGateway.RateLimiting;

/// <summary>Token buckets in this process: the built-in <see cref="TokenBucketRateLimiter"/>, refilled one token at a time.</summary>
internal sealed class InProcessRateLimitBuckets : IRateLimitBuckets
{
    public RateLimitPartition<string> For(string key, RateLimitRule rule) =>
        RateLimitPartition.GetTokenBucketLimiter(key, _ => new TokenBucketRateLimiterOptions
        {
            TokenLimit = rule.Burst,
            TokensPerPeriod = 1,
            ReplenishmentPeriod = TimeSpan.FromMinutes(1 / rule.PermitsPerMinute),
            QueueLimit = 0,
            AutoReplenishment = true,
        });
}
