using System.Globalization;
using System.Security.Claims;

namespace MjpegGateway.Security;

/// <summary>Claim helpers shared by JWT and ticket callers.</summary>
public static class GatewayClaims
{
    /// <summary>JWT expiry (seconds since the epoch).</summary>
    public const string Expires = "exp";

    /// <summary>When the credential behind <paramref name="user"/> expires, or null when it does not say.</summary>
    public static DateTimeOffset? CredentialExpiry(ClaimsPrincipal user) =>
        long.TryParse(user.FindFirst(Expires)?.Value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var seconds)
            ? DateTimeOffset.FromUnixTimeSeconds(seconds)
            : null;

    /// <summary>True when the caller authenticated with a ticket rather than a bearer token.</summary>
    public static bool IsTicket(ClaimsPrincipal user) =>
        user.Identity?.AuthenticationType == TicketAuthenticationHandler.SchemeName;
}
