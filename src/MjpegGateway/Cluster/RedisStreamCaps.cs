using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using MjpegGateway.Configuration;
using MjpegGateway.Security;
using StackExchange.Redis;

namespace MjpegGateway.Cluster;

/// <summary>
/// Stream caps counted across all replicas. Each cap is a sorted set of slot ids scored by the time the slot lapses; one
/// Lua script drops lapsed slots, checks all four caps and reserves in all four sets, so a burst of starts spread over the
/// replicas cannot overshoot. Lapse times come from Redis's own clock (<c>TIME</c>), never a replica's. This replica's
/// heartbeat (<see cref="RefreshAsync"/>) pushes its live slots' lapse time forward; the slots of a replica that died lapse
/// within <see cref="ClusterOptions.SlotSeconds"/> and the next admission sweeps them, and a Redis that lost its data gets
/// them back at the next heartbeat. Ending a stream removes its slot at once, and a heartbeat in flight never brings it
/// back. Redis down: the node-local caps decide, with a warning and a metric; those slots are not counted cluster-wide.
/// </summary>
public sealed class RedisStreamCaps : IStreamCaps
{
    // KEYS: subject, ip, camera, total. ARGV: slot id, ttl ms, the four limits (-1: no subject cap).
    // Returns the StreamCapRejection as a number: 0 reserved, 1 subject, 2 ip, 3 camera, 4 gateway.
    private const string ReserveScript = """
        local t = redis.call('TIME')
        local now = t[1] * 1000 + math.floor(t[2] / 1000)
        for i = 1, 4 do redis.call('ZREMRANGEBYSCORE', KEYS[i], '-inf', now) end
        local limits = { tonumber(ARGV[3]), tonumber(ARGV[4]), tonumber(ARGV[5]), tonumber(ARGV[6]) }
        for i = 1, 4 do
          if limits[i] >= 0 and redis.call('ZCARD', KEYS[i]) >= limits[i] then return i end
        end
        local ttl = tonumber(ARGV[2])
        for i = 1, 4 do
          if limits[i] >= 0 then
            redis.call('ZADD', KEYS[i], now + ttl, ARGV[1])
            -- Only ever extend: a replica with a shorter SlotSeconds must not expire the others' live slots with the set.
            if redis.call('PTTL', KEYS[i]) < ttl then redis.call('PEXPIRE', KEYS[i], ttl) end
          end
        end
        return 0
        """;

    // KEYS: this node's beat mark, then the slot's sets. ARGV: slot id, ttl ms. While the mark is there Redis kept this
    // node's data, so only slots still in a set are extended (XX): a slot released while this beat was on its way stays
    // released. Without the mark (Redis restarted empty, or this node missed beats for SlotSeconds) the slots are re-added.
    private const string RefreshScript = """
        local t = redis.call('TIME')
        local now = t[1] * 1000 + math.floor(t[2] / 1000)
        local ttl = tonumber(ARGV[2])
        local kept = redis.call('EXISTS', KEYS[1]) == 1
        for i = 2, #KEYS do
          if kept then
            redis.call('ZADD', KEYS[i], 'XX', now + ttl, ARGV[1])
          else
            redis.call('ZADD', KEYS[i], now + ttl, ARGV[1])
          end
          if redis.call('PTTL', KEYS[i]) < ttl then redis.call('PEXPIRE', KEYS[i], ttl) end
        end
        return 0
        """;

    private readonly ClusterRedis _redis;
    private readonly IStreamCaps _local;
    private readonly IOptionsMonitor<StreamCapOptions> _caps;
    private readonly GatewaySettings _gateway;
    private readonly ClusterMetrics _metrics;
    private readonly ILogger _logger;
    private readonly string _slotPrefix;
    private readonly RedisKey _beatMark;
    private readonly long _slotTtlMs;
    private readonly ConcurrentDictionary<string, RedisKey[]> _slots = new(StringComparer.Ordinal);
    private long _nextSlot;
    private int _fallingBack;

    public RedisStreamCaps(
        ClusterRedis redis, ClusterNode node, IStreamCaps local, IOptionsMonitor<StreamCapOptions> caps, GatewaySettings gateway,
        IOptions<ClusterOptions> cluster, ClusterMetrics metrics, ILogger<RedisStreamCaps> logger)
    {
        _redis = redis;
        _local = local;
        _caps = caps;
        _gateway = gateway;
        _metrics = metrics;
        _logger = logger;
        _slotPrefix = node.Id + ":";
        _beatMark = redis.Key("caps:beat:" + node.Id);
        _slotTtlMs = (long)(cluster.Value.SlotSeconds * 1000);
    }

    /// <summary>How often the heartbeat should run: three beats per slot lifetime, so one lost beat costs nothing.</summary>
    public TimeSpan HeartbeatInterval => TimeSpan.FromMilliseconds(_slotTtlMs / 3.0);

    /// <summary>Slots this replica holds in Redis now.</summary>
    internal int LocalSlots => _slots.Count;

    /// <inheritdoc />
    public async ValueTask<StreamCapResult> TryReserveAsync(StreamCapRequest request, CancellationToken cancellationToken)
    {
        var caps = _caps.CurrentValue;
        var keys = new RedisKey[]
        {
            _redis.Key("caps:subject:" + ClusterRedis.Hash(request.Subject ?? string.Empty)),
            _redis.Key("caps:ip:" + request.ClientIp),
            _redis.Key("caps:camera:" + request.CameraId),
            _redis.Key("caps:total"),
        };
        var slot = _slotPrefix + Interlocked.Increment(ref _nextSlot).ToString(System.Globalization.CultureInfo.InvariantCulture);
        RedisResult result;
        try
        {
            result = await _redis.RunAsync("caps.reserve", db => db.ScriptEvaluateAsync(
                ReserveScript,
                keys,
                [slot, _slotTtlMs, request.Subject is null ? -1 : caps.MaxStreamsPerSubject, caps.MaxStreamsPerIp, request.CameraMaxViewers, _gateway.Current.MaxViewersTotal])).ConfigureAwait(false);
        }
        catch (RedisUnavailableException)
        {
            _metrics.Fallback("caps");
            if (Interlocked.Exchange(ref _fallingBack, 1) == 0)
            {
                ClusterLog.CapsFallback(_logger);
            }

            return await _local.TryReserveAsync(request, cancellationToken).ConfigureAwait(false);
        }

        Volatile.Write(ref _fallingBack, 0);
        var rejection = (StreamCapRejection)(int)result;
        if (rejection != StreamCapRejection.None)
        {
            return new StreamCapResult(rejection, null);
        }

        var held = request.Subject is null ? keys[1..] : keys;
        _slots[slot] = held;
        return new StreamCapResult(StreamCapRejection.None, new Slot(this, slot));
    }

    /// <summary>
    /// The heartbeat: pushes every live slot's lapse time forward (and re-adds it if Redis lost it), then leaves this node's
    /// beat mark, which says to the next beat that Redis kept the data.
    /// </summary>
    public async Task RefreshAsync()
    {
        var beats = new List<Task>(_slots.Count);
        foreach (var (slot, keys) in _slots)
        {
            beats.Add(_redis.RunAsync("caps.refresh", db => db.ScriptEvaluateAsync(RefreshScript, [_beatMark, .. keys], [slot, _slotTtlMs])));
        }

        try
        {
            await Task.WhenAll(beats).ConfigureAwait(false);
            await _redis.RunAsync("caps.mark", db => db.StringSetAsync(_beatMark, 1, TimeSpan.FromMilliseconds(_slotTtlMs))).ConfigureAwait(false);
        }
        catch (RedisUnavailableException)
        {
            // The next beat tries again; the slots outlive two lost beats.
        }
    }

    private async ValueTask ReleaseAsync(string slot)
    {
        if (!_slots.TryRemove(slot, out var keys))
        {
            return;
        }

        try
        {
            await _redis.RunAsync("caps.release", db => Task.WhenAll(keys.Select(k => db.SortedSetRemoveAsync(k, slot)))).ConfigureAwait(false);
        }
        catch (RedisUnavailableException)
        {
            // Not refreshed any more, so it lapses within SlotSeconds.
        }
    }

    private sealed class Slot(RedisStreamCaps owner, string id) : IAsyncDisposable
    {
        private int _released;

        public ValueTask DisposeAsync() =>
            Interlocked.Exchange(ref _released, 1) == 0 ? owner.ReleaseAsync(id) : ValueTask.CompletedTask;
    }
}
