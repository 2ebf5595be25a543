namespace MjpegGateway.Security;

/// <summary>The cross-origin exception for ticket-authorised streams and snapshots (<see cref="SecurityOptions.TicketEmbedding"/>).</summary>
internal static class TicketEmbedding
{
    private const string ResourcePolicyHeader = "Cross-Origin-Resource-Policy";
    private const string CrossOrigin = "cross-origin";

    /// <summary>Before the response starts: lets another origin embed it when a ticket authorised the request.</summary>
    public static void Allow(HttpContext context, SecurityOptions options)
    {
        if (options.TicketEmbedding && GatewayClaims.IsTicket(context.User))
        {
            context.Response.Headers[ResourcePolicyHeader] = CrossOrigin;
        }
    }
}
