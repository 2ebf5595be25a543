namespace MjpegGateway.RateLimiting;

/// <summary>The limits of one endpoint group, per client IP and per authenticated subject.</summary>
public sealed class RateLimitGroupRules
{
    /// <summary>Per client IP. Null: no per-IP limit.</summary>
    public RateLimitRule? PerIp { get; set; }

    /// <summary>Per token subject. Null: no per-subject limit.</summary>
    public RateLimitRule? PerSubject { get; set; }
}
