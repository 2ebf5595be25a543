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

    /// <summary>
    /// Lets a page on another origin show a stream or snapshot with a plain <c>&lt;img src=".../stream?ticket=..."&gt;</c>
    /// (a kiosk, a wiki). Default true: answers authorised by a ticket carry
    /// <c>Cross-Origin-Resource-Policy: cross-origin</c> instead of <c>same-origin</c>, which browsers would otherwise
    /// block (and the single-use ticket would be spent on the blocked request). Safe because the ticket itself is the
    /// capability: single use, short-lived, bound to one camera, and never sent by a browser on its own. Every other
    /// answer keeps <c>same-origin</c>. False: ticket streams work only on pages of the gateway's own origin.
    /// </summary>
    public bool TicketEmbedding { get; set; } = true;
}
