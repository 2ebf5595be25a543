using System.Buffers.Text;
using System.Security.Cryptography;
using Microsoft.Extensions.Options;

namespace MjpegGateway.Security;

/// <summary>
/// Issues and redeems tickets: 256 random bits, base64url, remembered server-side until used or expired.
/// Random rather than signed because a ticket must be single-use anyway, which needs server state; the
/// state also makes tampering pointless (an altered ticket is simply unknown). Bounded twice: in total
/// (<see cref="TicketOptions.MaxOutstanding"/>) and per subject (<see cref="TicketOptions.MaxOutstandingPerSubject"/>),
/// so a few subjects cannot fill the pool and lock everyone else out.
/// </summary>
public sealed class StreamTicketStore : IStreamTicketStore
{
    private const int TicketBytes = 32;
    private const int MaxTicketLength = 128;

    // One lock for both tables: minting is rate-limited and rare next to frames, and the bound per subject must hold
    // under concurrent mints, which two concurrent dictionaries could not promise together.
    private readonly Lock _lock = new();
    private readonly Dictionary<string, StreamTicket> _tickets = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<string>> _bySubject = new(StringComparer.Ordinal);
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
    public ValueTask<StreamTicket?> TryFindAsync(string value, CancellationToken cancellationToken) =>
        ValueTask.FromResult(TryFind(value));

    /// <inheritdoc />
    public ValueTask<StreamTicket?> TryRedeemAsync(string value, CancellationToken cancellationToken) =>
        ValueTask.FromResult(TryRedeem(value));

    /// <summary>Issues a ticket, or refuses when the subject or the gateway holds too many unused ones.</summary>
    public TicketIssue TryIssue(string cameraId, string subject, DateTimeOffset credentialExpiresAt)
    {
        var now = _time.GetUtcNow();
        var expires = now + Lifetime;
        // A ticket never outlives the token that minted it.
        var ticket = new StreamTicket(cameraId, subject, expires < credentialExpiresAt ? expires : credentialExpiresAt, credentialExpiresAt);
        var value = Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(TicketBytes));
        lock (_lock)
        {
            _bySubject.TryGetValue(subject, out var held);
            if (held is not null && held.Count >= _options.MaxOutstandingPerSubject && ForgetExpired(held, now) >= _options.MaxOutstandingPerSubject)
            {
                return new TicketIssue(TicketRefusal.TooManyForSubject, null, null);
            }

            if (_tickets.Count >= _options.MaxOutstanding)
            {
                Sweep(now);
                if (_tickets.Count >= _options.MaxOutstanding)
                {
                    if (held is { Count: 0 })
                    {
                        _bySubject.Remove(subject);
                    }

                    return new TicketIssue(TicketRefusal.TooManyOutstanding, null, null);
                }
            }

            _tickets[value] = ticket;
            if (!_bySubject.TryGetValue(subject, out held))
            {
                _bySubject[subject] = held = [];
            }

            held.Add(value);
        }

        return new TicketIssue(TicketRefusal.None, value, ticket);
    }

    /// <summary>What a ticket stands for, without using it; unknown, used or expired give null.</summary>
    public StreamTicket? TryFind(string value)
    {
        if (value.Length is 0 or > MaxTicketLength)
        {
            return null;
        }

        lock (_lock)
        {
            return _tickets.TryGetValue(value, out var ticket) && ticket.ExpiresAt > _time.GetUtcNow() ? ticket : null;
        }
    }

    /// <summary>Redeems a ticket once: unknown, already used or expired give null.</summary>
    public StreamTicket? TryRedeem(string value)
    {
        if (value.Length is 0 or > MaxTicketLength)
        {
            return null;
        }

        StreamTicket? ticket;
        lock (_lock)
        {
            if (!_tickets.Remove(value, out ticket))
            {
                return null;
            }

            Unlist(ticket.Subject, value);
        }

        return ticket.ExpiresAt > _time.GetUtcNow() ? ticket : null;
    }

    // Drops the subject's expired tickets; returns how many it still holds.
    private int ForgetExpired(List<string> held, DateTimeOffset now)
    {
        held.RemoveAll(value => !_tickets.TryGetValue(value, out var ticket) || (ticket.ExpiresAt <= now && _tickets.Remove(value)));
        return held.Count;
    }

    private void Sweep(DateTimeOffset now)
    {
        foreach (var (value, ticket) in _tickets)
        {
            if (ticket.ExpiresAt <= now)
            {
                _tickets.Remove(value);
                Unlist(ticket.Subject, value);
            }
        }
    }

    private void Unlist(string subject, string value)
    {
        if (_bySubject.TryGetValue(subject, out var held) && held.Remove(value) && held.Count == 0)
        {
            _bySubject.Remove(subject);
        }
    }
}
