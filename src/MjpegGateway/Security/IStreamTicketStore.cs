namespace MjpegGateway.Security;

/// <summary>
/// Where single-use stream tickets live: in this process (<see cref="StreamTicketStore"/>) or, for a cluster, in
/// shared state so a ticket minted on one replica redeems on another, once. A request is authenticated with
/// <see cref="TryFindAsync"/> (the ticket stays unused) and the ticket is used with <see cref="TryRedeemAsync"/> only
/// once the request is known to be good, so a bad request (unknown profile, bad fps) does not burn it.
/// </summary>
public interface IStreamTicketStore
{
    /// <summary>How long a ticket stays valid (<c>Tickets:LifetimeSeconds</c>).</summary>
    TimeSpan Lifetime { get; }

    /// <summary>
    /// Issues a ticket for one camera and subject; it never outlives <paramref name="credentialExpiresAt"/>. Refused
    /// when the subject holds <c>Tickets:MaxOutstandingPerSubject</c> unused tickets, when the store is full, or when it
    /// cannot be reached.
    /// </summary>
    ValueTask<TicketIssue> TryIssueAsync(string cameraId, string subject, DateTimeOffset credentialExpiresAt, CancellationToken cancellationToken);

    /// <summary>What a ticket stands for, without using it; unknown, used, expired or store-unavailable give null (fail closed).</summary>
    ValueTask<StreamTicket?> TryFindAsync(string value, CancellationToken cancellationToken);

    /// <summary>Single use: the first redeem of a value wins; unknown, used, expired or store-unavailable give null (fail closed).</summary>
    ValueTask<StreamTicket?> TryRedeemAsync(string value, CancellationToken cancellationToken);
}
