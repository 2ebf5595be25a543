using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.Extensions.Options;
using MjpegGateway.Security;
using StackExchange.Redis;

namespace MjpegGateway.Cluster;

/// <summary>
/// Tickets every replica can redeem. Redis holds only the SHA-256 of a ticket (a dump of Redis cannot be replayed), with a
/// TTL; authentication looks a ticket up with <c>GET</c> (it stays usable), admission uses it with <c>GETDEL</c>, which
/// makes the first redeem anywhere the only one. A sorted set per subject bounds the unused tickets one
/// subject may hold. Redis down: issuing is refused (503), redeeming fails closed.
/// </summary>
public sealed class RedisStreamTicketStore(ClusterRedis redis, IOptions<TicketOptions> options, TimeProvider time) : IStreamTicketStore
{
    private const int TicketBytes = 32;
    private const int MaxTicketLength = 128;

    // KEYS[1] the subject's set of outstanding ticket hashes, KEYS[2] the ticket key. ARGV: hash, ttl ms, bound, value.
    // Checks the bound and stores in one step, so concurrent mints on several replicas cannot pass it together.
    private static readonly LuaScript Issue = LuaScript.Prepare("""
        local t = redis.call('TIME')
        local now = t[1] * 1000 + math.floor(t[2] / 1000)
        redis.call('ZREMRANGEBYSCORE', @subjectKey, '-inf', now)
        if redis.call('ZCARD', @subjectKey) >= tonumber(@bound) then return 0 end
        redis.call('SET', @ticketKey, @ticket, 'PX', @ttl)
        redis.call('ZADD', @subjectKey, now + tonumber(@ttl), @hash)
        redis.call('PEXPIRE', @subjectKey, @ttl)
        return 1
        """);

    private readonly TicketOptions _options = options.Value;

    /// <inheritdoc />
    public TimeSpan Lifetime => TimeSpan.FromSeconds(_options.LifetimeSeconds);

    /// <inheritdoc />
    public async ValueTask<TicketIssue> TryIssueAsync(string cameraId, string subject, DateTimeOffset credentialExpiresAt, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var expires = now + Lifetime;
        // A ticket never outlives the token that minted it.
        var ticket = new StreamTicket(cameraId, subject, expires < credentialExpiresAt ? expires : credentialExpiresAt, credentialExpiresAt);
        var ttl = Math.Max(1, (long)Math.Ceiling((ticket.ExpiresAt - now).TotalMilliseconds));

        var value = Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(TicketBytes));
        var hash = ClusterRedis.Hash(value);
        try
        {
            var stored = await redis.RunAsync("ticket.issue", db => db.ScriptEvaluateAsync(Issue, new
            {
                subjectKey = redis.Key("tickets:subject:" + ClusterRedis.Hash(subject)),
                ticketKey = redis.Key("ticket:" + hash),
                hash,
                ttl,
                bound = _options.MaxOutstandingPerSubject,
                ticket = JsonSerializer.Serialize(ticket),
            })).ConfigureAwait(false);
            return (int)stored == 1
                ? new TicketIssue(TicketRefusal.None, value, ticket)
                : new TicketIssue(TicketRefusal.TooManyForSubject, null, null);
        }
        catch (RedisUnavailableException)
        {
            return new TicketIssue(TicketRefusal.Unavailable, null, null);
        }
    }

    /// <inheritdoc />
    public async ValueTask<StreamTicket?> TryFindAsync(string value, CancellationToken cancellationToken)
    {
        var ticket = await ReadAsync(value, "ticket.find", static (db, key) => db.StringGetAsync(key)).ConfigureAwait(false);
        return ticket is not null && ticket.ExpiresAt > time.GetUtcNow() ? ticket : null;
    }

    /// <inheritdoc />
    public async ValueTask<StreamTicket?> TryRedeemAsync(string value, CancellationToken cancellationToken)
    {
        var ticket = await ReadAsync(value, "ticket.redeem", static (db, key) => db.StringGetDeleteAsync(key)).ConfigureAwait(false);
        if (ticket is null)
        {
            return null;
        }

        var hash = ClusterRedis.Hash(value);
        // The subject's bound counts unused tickets only; its entry would also lapse with the ticket's TTL.
        _ = redis.RunAsync("ticket.forget", db => db.SortedSetRemoveAsync(redis.Key("tickets:subject:" + ClusterRedis.Hash(ticket.Subject)), hash, CommandFlags.FireAndForget))
            .ContinueWith(static t => _ = t.Exception, TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously);
        return ticket.ExpiresAt > time.GetUtcNow() ? ticket : null;
    }

    // The ticket stored under the value's hash, read by GET or taken by GETDEL; null when absent or Redis is down (fail closed).
    private async ValueTask<StreamTicket?> ReadAsync(string value, string operation, Func<IDatabase, RedisKey, Task<RedisValue>> read)
    {
        if (value.Length is 0 or > MaxTicketLength)
        {
            return null;
        }

        RedisValue stored;
        try
        {
            var key = redis.Key("ticket:" + ClusterRedis.Hash(value));
            stored = await redis.RunAsync(operation, db => read(db, key)).ConfigureAwait(false);
        }
        catch (RedisUnavailableException)
        {
            return null;
        }

        return stored.IsNullOrEmpty ? null : JsonSerializer.Deserialize<StreamTicket>(stored.ToString());
    }
}
