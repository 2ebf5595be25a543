namespace MjpegGateway.RateLimiting;

/// <summary>
/// Request rate limits, section <c>RateLimits</c>, applied by ASP.NET Core's built-in rate limiter.
/// Rules are per endpoint group (<see cref="RateLimitGroups"/>); changes apply to new requests.
/// </summary>
public sealed class RateLimitOptions
{
    /// <summary>Configuration section name.</summary>
    public const string Section = "RateLimits";

    /// <summary>Client networks (CIDR) never limited, e.g. a monitoring host. Default empty.</summary>
    public List<string> ExemptNetworks { get; set; } = [];

    /// <summary>Rules by group name. Defaults: see appsettings.json; a group without a rule is not limited.</summary>
    public Dictionary<string, RateLimitGroupRules> Rules { get; set; } = new(StringComparer.OrdinalIgnoreCase);
}
