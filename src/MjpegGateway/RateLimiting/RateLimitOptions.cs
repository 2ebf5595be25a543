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

    /// <summary>
    /// Rules by group name. Configured values are laid over these defaults (the same as appsettings.json shows), so a
    /// group left out of the file keeps its default; set a rule's <c>PermitsPerMinute</c> to 0 to turn it off.
    /// Defaults, per minute sustained / burst:
    /// <list type="bullet">
    /// <item><c>streams</c> 120/40 per IP and per subject: a grid page opens a dozen at once, a reconnecting one a few a minute.</item>
    /// <item><c>snapshots</c> 300/60 per IP and per subject: thumbnails refresh every few seconds.</item>
    /// <item><c>tickets</c> 120/40 per IP and per subject: one per tile opened.</item>
    /// <item><c>api</c> 300/100 per IP: the camera list, polled by pages.</item>
    /// <item><c>admin</c> 300/100 per IP and per subject: the admin API, its OpenAPI document and <c>/metrics</c>; a console
    /// polling a few panels every second stays under it, a stolen admin token or a looping script does not (per subject,
    /// also when it comes from many addresses). A scraper polling faster belongs in <see cref="ExemptNetworks"/>.</item>
    /// <item><c>control</c> 120/20 per subject: PTZ commands, the camera's own most fragile interface.</item>
    /// </list>
    /// </summary>
    public Dictionary<string, RateLimitGroupRules> Rules { get; set; } = new(StringComparer.OrdinalIgnoreCase)
    {
        [RateLimitGroups.Streams] = new() { PerIp = Rule(120, 40), PerSubject = Rule(120, 40) },
        [RateLimitGroups.Snapshots] = new() { PerIp = Rule(300, 60), PerSubject = Rule(300, 60) },
        [RateLimitGroups.Tickets] = new() { PerIp = Rule(120, 40), PerSubject = Rule(120, 40) },
        [RateLimitGroups.Api] = new() { PerIp = Rule(300, 100) },
        [RateLimitGroups.Admin] = new() { PerIp = Rule(300, 100), PerSubject = Rule(300, 100) },
        [RateLimitGroups.Control] = new() { PerSubject = Rule(120, 20) },
    };

    private static RateLimitRule Rule(double permitsPerMinute, int burst) => new() { PermitsPerMinute = permitsPerMinute, Burst = burst };
}
