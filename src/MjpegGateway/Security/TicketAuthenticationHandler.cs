using System.Globalization;
using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace MjpegGateway.Security;

/// <summary>
/// Authenticates <c>?ticket=</c> on stream and snapshot URLs: the ticket's subject becomes a viewer of exactly the
/// ticket's camera, and the credential that minted it bounds how long the stream may run. The ticket is only looked up
/// here; admission uses it up (<see cref="PendingTicket"/>) once the request has passed every check that does not
/// depend on who asks, so a request the gateway refuses as malformed leaves it usable.
/// </summary>
internal sealed class TicketAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    IStreamTicketStore tickets,
    IOptions<AuthOptions> auth)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "Ticket";
    public const string QueryName = "ticket";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var values = Request.Query[QueryName];
        if (values.Count == 0)
        {
            return AuthenticateResult.NoResult();
        }

        if (values.Count > 1 || string.IsNullOrEmpty(values[0]))
        {
            return AuthenticateResult.Fail("malformed ticket");
        }

        var ticket = await tickets.TryFindAsync(values[0]!, Context.RequestAborted);
        if (ticket is null)
        {
            return AuthenticateResult.Fail("unknown, used or expired ticket");
        }

        var claims = new[]
        {
            new Claim(auth.Value.SubjectClaim, ticket.Subject),
            new Claim(auth.Value.RoleClaim, GatewayRoles.Viewer),
            new Claim(auth.Value.CamerasClaim, ticket.CameraId),
            new Claim(GatewayClaims.Expires, ticket.CredentialExpiresAt.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture)),
        };
        var identity = new ClaimsIdentity(claims, SchemeName, auth.Value.SubjectClaim, auth.Value.RoleClaim);
        Context.Features.Set(new PendingTicket(values[0]!));
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName));
    }
}
