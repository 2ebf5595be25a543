namespace MjpegGateway.Security;

/// <summary>Network-level protection, section <c>Security</c>.</summary>
public sealed class SecurityOptions
{
    /// <summary>Configuration section name.</summary>
    public const string Section = "Security";

    /// <summary>Client networks (CIDR) allowed to use the gateway at all. Default empty: any. Health probes are exempt.</summary>
    public List<string> AllowedNetworks { get; set; } = [];

    /// <summary>
    /// Reverse proxies (IP or CIDR) whose <c>X-Forwarded-For</c>/<c>X-Forwarded-Proto</c> are believed. Default empty:
    /// forwarded headers are ignored, so nobody can spoof an allowed address.
    /// </summary>
    public List<string> TrustedProxies { get; set; } = [];

    /// <summary>Origins allowed to call the API from other sites' pages (CORS). Default empty: CORS off.</summary>
    public List<string> CorsOrigins { get; set; } = [];

    /// <summary>HSTS max-age in days on HTTPS responses. Default 365. 0 turns HSTS off.</summary>
    public int HstsMaxAgeDays { get; set; } = 365;
}
