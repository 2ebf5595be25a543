namespace MjpegGateway.Security;

/// <summary>Token validation, section <c>Auth</c>. Configure a signing key, an authority, or both.</summary>
public sealed class AuthOptions
{
    /// <summary>Configuration section name.</summary>
    public const string Section = "Auth";

    /// <summary>Minimum HS256 key length in bytes (RFC 7518 §3.2: at least the hash size).</summary>
    public const int MinSigningKeyBytes = 32;

    /// <summary>Expected <c>iss</c>. Default <c>mjpeg-gateway</c>. With an <see cref="Authority"/> its issuer is used when this is null.</summary>
    public string? Issuer { get; set; } = "mjpeg-gateway";

    /// <summary>Expected <c>aud</c>. Default <c>mjpeg-gateway</c>.</summary>
    public string Audience { get; set; } = "mjpeg-gateway";

    /// <summary>
    /// HS256 key, at least 32 bytes: a base64 string (prefix <c>base64:</c>) or plain text. Secret: set it with
    /// <c>Auth__SigningKey</c>, never in the file. Default none.
    /// </summary>
    public string? SigningKey { get; set; }

    /// <summary>OpenID Connect authority whose discovery document and JWKS sign tokens (RS256, ES256). Default none.</summary>
    public string? Authority { get; set; }

    /// <summary>Explicit discovery document URL, when it is not under <see cref="Authority"/>. Default none.</summary>
    public string? MetadataAddress { get; set; }

    /// <summary>Require https for the authority's metadata. Default true; turn off only for a loopback test authority.</summary>
    public bool RequireHttpsMetadata { get; set; } = true;

    /// <summary>Tolerated clock difference in seconds. Default 30 (the library's default of 5 minutes lets streams outlive tokens).</summary>
    public double ClockSkewSeconds { get; set; } = 30;

    /// <summary>Claim listing the cameras a token may see (array, or space/comma separated; <c>*</c> and <c>prefix*</c> wildcards). Default <c>cameras</c>.</summary>
    public string CamerasClaim { get; set; } = "cameras";

    /// <summary>Claim holding roles (<c>viewer</c>, <c>operator</c>, <c>admin</c>). Default <c>roles</c>.</summary>
    public string RoleClaim { get; set; } = "roles";

    /// <summary>
    /// Claim naming the caller in logs, caps and rate limits. Default <c>sub</c>. A token without it (or with it blank) is
    /// refused with 401 <c>invalid_token</c>: per-subject caps and rate limits would have nothing to count it under.
    /// </summary>
    public string SubjectClaim { get; set; } = "sub";

    /// <summary>
    /// Validate one token (HS256: one the gateway mints itself) or fetch the authority's keys before listening, so
    /// the first viewers after a start do not wait for the JWT library's first-use work. Default true: it costs tens
    /// of milliseconds once; an unreachable authority delays the start by at most 5 s and is not fatal.
    /// </summary>
    public bool WarmUpAtStart { get; set; } = true;
}
