using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace MjpegGateway.Cluster;

/// <summary>
/// The one Redis connection of this replica. Connects in the background and keeps reconnecting (a replica starts and serves
/// while Redis is down); every operation goes through <see cref="RunAsync{T}"/>, which times it, counts failures and tells
/// the callers that Redis is unavailable by a <see cref="RedisUnavailableException"/> instead of a library exception.
/// </summary>
public sealed class ClusterRedis : IAsyncDisposable
{
    private readonly ConnectionMultiplexer _connection;
    private readonly ClusterMetrics _metrics;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private int _failing;

    public ClusterRedis(IOptions<ClusterOptions> options, ClusterNode node, ClusterMetrics metrics, TimeProvider time, ILogger<ClusterRedis> logger)
    {
        var o = options.Value;
        var configuration = ConfigurationOptions.Parse(o.Redis!);
        // Start and serve while Redis is down; reconnect in the background.
        configuration.AbortOnConnectFail = false;
        // While disconnected, fail at once rather than queue: a ticket or a stream start must not wait seconds to learn
        // that Redis is gone (the callers fall back or refuse).
        configuration.BacklogPolicy = BacklogPolicy.FailFast;
        configuration.ClientName = node.Id;
        Prefix = o.KeyPrefix;
        _metrics = metrics;
        _time = time;
        _logger = logger;
        _connection = ConnectionMultiplexer.Connect(configuration);
        ClusterLog.Started(logger, node.Id, node.Url, string.Join(',', configuration.EndPoints), o.LeaseSeconds);
    }

    /// <summary>Prefix of every key.</summary>
    public string Prefix { get; }

    /// <summary>False from a failed operation until the next one succeeds (readiness shows it).</summary>
    public bool IsAvailable => Volatile.Read(ref _failing) == 0 && _connection.IsConnected;

    /// <summary>The subscriber for pub/sub.</summary>
    public ISubscriber Subscriber => _connection.GetSubscriber();

    /// <summary>A key under the prefix.</summary>
    public RedisKey Key(string name) => Prefix + name;

    /// <summary>SHA-256 of <paramref name="text"/> in hex: keys name subjects and tickets by hash, never in clear.</summary>
    public static string Hash(string text) => Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(text)));

    /// <summary>Runs one Redis operation, timed; Redis down or timing out becomes <see cref="RedisUnavailableException"/>.</summary>
    public async Task<T> RunAsync<T>(string operation, Func<IDatabase, Task<T>> call)
    {
        var started = _time.GetTimestamp();
        try
        {
            var result = await call(_connection.GetDatabase()).ConfigureAwait(false);
            _metrics.RedisRoundTrip(operation, _time.GetElapsedTime(started));
            if (Interlocked.Exchange(ref _failing, 0) == 1)
            {
                ClusterLog.RedisRestored(_logger);
            }

            return result;
        }
        catch (Exception ex) when (ex is RedisConnectionException or RedisTimeoutException or ObjectDisposedException
            || (ex is RedisServerException server && server.Message.StartsWith("LOADING", StringComparison.Ordinal)))
        {
            _metrics.RedisError(operation);
            // Log the first failure of an outage, not every operation during it.
            if (Interlocked.Exchange(ref _failing, 1) == 0)
            {
                ClusterLog.RedisFailed(_logger, operation, ex.GetType().Name);
            }

            throw new RedisUnavailableException(operation, ex);
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync() => await _connection.DisposeAsync().ConfigureAwait(false);
}
