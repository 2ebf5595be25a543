using System.Threading.RateLimiting;
using MjpegGateway.RateLimiting;
using StackExchange.Redis;

namespace MjpegGateway.Cluster;

/// <summary>
/// One token bucket whose state is a Redis hash: <see cref="RateLimitRule.Burst"/> tokens, one more every
/// 1/<see cref="RateLimitRule.PermitsPerMinute"/> minutes, the same whole-token refill as the in-process bucket. One Lua
/// script refills and takes, so concurrent requests on several replicas see one count. Asynchronous only: the
/// middleware's synchronous attempt is refused without a verdict and the request goes on to <see cref="AcquireAsyncCore"/>.
/// </summary>
internal sealed class RedisTokenBucketLimiter : RateLimiter
{
    // KEYS[1] the bucket. ARGV: capacity, refill period ms, permits wanted. Returns {granted, retry-after ms}.
    private const string TakeScript = """
        local t = redis.call('TIME')
        local now = t[1] * 1000 + math.floor(t[2] / 1000)
        local capacity = tonumber(ARGV[1])
        local period = tonumber(ARGV[2])
        local wanted = tonumber(ARGV[3])
        local state = redis.call('HMGET', KEYS[1], 'tokens', 'at')
        local tokens = tonumber(state[1])
        local at = tonumber(state[2])
        if tokens == nil then tokens = capacity; at = now end
        local refills = math.floor((now - at) / period)
        if refills > 0 then
          tokens = math.min(capacity, tokens + refills)
          at = at + refills * period
        end
        if tokens >= capacity then at = now end
        local granted = 0
        local retry = 0
        if tokens >= wanted then
          tokens = tokens - wanted
          granted = 1
        else
          retry = period - (now - at) + (wanted - tokens - 1) * period
        end
        redis.call('HSET', KEYS[1], 'tokens', tokens, 'at', at)
        redis.call('PEXPIRE', KEYS[1], math.ceil(capacity * period) + 1000)
        return { granted, retry }
        """;

    private static readonly RateLimitLease Granted = new Lease(true, null);
    private static readonly RateLimitLease NoVerdict = new Lease(false, null);

    private readonly RedisRateLimitBuckets _owner;
    private readonly ClusterRedis _redis;
    private readonly RedisKey _key;
    private readonly RateLimitRule _rule;
    private readonly long _periodMs;
    private readonly TimeProvider _time;
    private readonly TokenBucketRateLimiter _fallback;
    private long _lastUsed;

    public RedisTokenBucketLimiter(RedisRateLimitBuckets owner, ClusterRedis redis, string key, RateLimitRule rule, TimeProvider time)
    {
        _owner = owner;
        _redis = redis;
        _key = redis.Key("rate:" + key);
        _rule = rule;
        _time = time;
        _periodMs = Math.Max(1, (long)Math.Round(60_000 / rule.PermitsPerMinute));
        _lastUsed = time.GetTimestamp();
        _fallback = new TokenBucketRateLimiter(new TokenBucketRateLimiterOptions
        {
            TokenLimit = rule.Burst,
            TokensPerPeriod = 1,
            ReplenishmentPeriod = TimeSpan.FromMilliseconds(_periodMs),
            QueueLimit = 0,
            AutoReplenishment = true,
        });
    }

    /// <inheritdoc />
    public override TimeSpan? IdleDuration => _time.GetElapsedTime(Interlocked.Read(ref _lastUsed));

    /// <inheritdoc />
    public override RateLimiterStatistics? GetStatistics() => _fallback.GetStatistics();

    /// <inheritdoc />
    protected override RateLimitLease AttemptAcquireCore(int permitCount) => permitCount == 0 ? Granted : NoVerdict;

    /// <inheritdoc />
    protected override async ValueTask<RateLimitLease> AcquireAsyncCore(int permitCount, CancellationToken cancellationToken)
    {
        Interlocked.Exchange(ref _lastUsed, _time.GetTimestamp());
        if (permitCount == 0)
        {
            return Granted;
        }

        RedisResult result;
        try
        {
            result = await _redis.RunAsync("rate.take", db => db.ScriptEvaluateAsync(TakeScript, [_key], [_rule.Burst, _periodMs, permitCount])).ConfigureAwait(false);
        }
        catch (RedisUnavailableException)
        {
            _owner.FellBack();
            return _fallback.AttemptAcquire(permitCount);
        }

        _owner.Reached();
        var values = (long[])result!;
        return values[0] == 1 ? Granted : new Lease(false, TimeSpan.FromMilliseconds(Math.Max(1, values[1])));
    }

    /// <inheritdoc />
    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _fallback.Dispose();
        }

        base.Dispose(disposing);
    }

    private sealed class Lease(bool acquired, TimeSpan? retryAfter) : RateLimitLease
    {
        public override bool IsAcquired => acquired;

        public override IEnumerable<string> MetadataNames => retryAfter is null ? [] : [MetadataName.RetryAfter.Name];

        public override bool TryGetMetadata(string metadataName, out object? metadata)
        {
            if (retryAfter is { } wait && metadataName == MetadataName.RetryAfter.Name)
            {
                metadata = wait;
                return true;
            }

            metadata = null;
            return false;
        }
    }
}
