namespace MjpegGateway.Security;

/// <summary>
/// Where single-use stream tickets live: in this process (<see cref="StreamTicketStore"/>) or, for a cluster, in
/// shared state so a ticket minted on one replica redeems on another, once.
/// </summary>
public interface IStreamTicketStore
{
    /// <summary>How long a ticket stays valid (<c>Tickets:LifetimeSeconds</c>).</summary>
    TimeSpan Lifetime { get; }

    /// <summary>Issues a ticket for one camera and subject; it never outlives <paramref name="credentialExpiresAt"/>.</summary>
    ValueTask<TicketIssue> TryIssueAsync(string cameraId, string subject, DateTimeOffset credentialExpiresAt, CancellationToken cancellationToken);

    /// <summary>Single use: the first redeem of a value wins; unknown, used, expired or store-unavailable give null (fail closed).</summary>
    ValueTask<StreamTicket?> TryRedeemAsync(string value, CancellationToken cancellationToken);
}
