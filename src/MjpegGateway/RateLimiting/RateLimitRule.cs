namespace MjpegGateway.RateLimiting;

/// <summary>A token bucket: <see cref="PermitsPerMinute"/> sustained, bursts up to <see cref="Burst"/>.</summary>
public sealed class RateLimitRule
{
    /// <summary>Sustained rate. 0 turns the rule off.</summary>
    public double PermitsPerMinute { get; set; }

    /// <summary>Bucket size: how many requests may come at once after a quiet period.</summary>
    public int Burst { get; set; }
}
