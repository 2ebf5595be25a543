namespace MjpegGateway.Security;

/// <summary>
/// Request feature: the ticket this request authenticated with, found but not yet used. Stream admission redeems it
/// once the request is known to be good; an endpoint that accepts tickets (<see cref="CameraScopeMetadata.AcceptsTickets"/>)
/// must redeem it before it answers, or the ticket would open more than once.
/// </summary>
public sealed class PendingTicket(string value)
{
    /// <summary>The ticket as presented (a secret: never logged).</summary>
    public string Value { get; } = value;

    /// <summary>The ticket <paramref name="context"/> authenticated with and has not used yet, or null.</summary>
    public static string? Of(HttpContext context) => context.Features.Get<PendingTicket>()?.Value;
}
