using System.Buffers.Text;
using System.Collections.Concurrent;
using System.Security.Cryptography;
using Microsoft.Extensions.Options;

namespace MjpegGateway.Security;

/// <summary>
/// Issues and redeems tickets: 256 random bits, base64url, remembered server-side until used or expired.
/// Random rather than signed because a ticket must be single-use anyway, which needs server state; the
/// state also makes tampering pointless (an altered ticket is simply unknown).
/// </summary>
public sealed class StreamTicketStore : IStreamTicketStore
{
    private const int TicketBytes = 32;
    private readonly ConcurrentDictionary<string, StreamTicket> _tickets = new(StringComparer.Ordinal);
    private readonly TicketOptions _options;
    private readonly TimeProvider _time;

    public StreamTicketStore(IOptions<TicketOptions> options, TimeProvider time)
    {
        _options = options.Value;
        _time = time;
    }

    /// <summary>Ticket lifetime.</summary>
    public TimeSpan Lifetime => TimeSpan.FromSeconds(_options.LifetimeSeconds);

    /// <inheritdoc />
    public ValueTask<TicketIssue> TryIssueAsync(string cameraId, string subject, DateTimeOffset credentialExpiresAt, CancellationToken cancellationToken) =>
        ValueTask.FromResult(TryIssue(cameraId, subject, credentialExpiresAt));

    /// <inheritdoc />
    public ValueTask<StreamTicket?> TryRedeemAsync(string value, CancellationToken cancellationToken) =>
        ValueTask.FromResult(TryRedeem(value));

    /// <summary>Issues a ticket, or refuses when too many are outstanding.</summary>
    public TicketIssue TryIssue(string cameraId, string subject, DateTimeOffset credentialExpiresAt)
    {
        if (_tickets.Count >= _options.MaxOutstanding)
        {
            Sweep();
            if (_tickets.Count >= _options.MaxOutstanding)
            {
                return new TicketIssue(TicketRefusal.TooManyOutstanding, null, null);
            }
        }

        var now = _time.GetUtcNow();
        var expires = now + Lifetime;
        // A ticket never outlives the token that minted it.
        var ticket = new StreamTicket(cameraId, subject, expires < credentialExpiresAt ? expires : credentialExpiresAt, credentialExpiresAt);
        var value = Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(TicketBytes));
        _tickets[value] = ticket;
        return new TicketIssue(TicketRefusal.None, value, ticket);
    }

    /// <summary>Redeems a ticket once: unknown, already used or expired give null.</summary>
    public StreamTicket? TryRedeem(string value)
    {
        if (value.Length is 0 or > 128 || !_tickets.TryRemove(value, out var ticket))
        {
            return null;
        }

        return ticket.ExpiresAt > _time.GetUtcNow() ? ticket : null;
    }

    private void Sweep()
    {
        var now = _time.GetUtcNow();
        foreach (var (key, ticket) in _tickets)
        {
            if (ticket.ExpiresAt <= now)
            {
                _tickets.TryRemove(key, out _);
            }
        }
    }
}
