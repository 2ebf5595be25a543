using Microsoft.Extensions.Options;

namespace MjpegGateway.Cluster;

/// <summary>
/// Every third of <see cref="ClusterOptions.SlotSeconds"/>: announces this node's relay URL (so replicas can find an owner) and its viewers per feed (for the admin API)
/// and pushes its stream slots' lapse time forward. A node that stops beating disappears from both within SlotSeconds.
/// </summary>
internal sealed class ClusterHeartbeat(ClusterRedis redis, ClusterNode node, ClusterView view, IOptions<ClusterOptions> options, TimeProvider time, RedisStreamCaps caps) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var ttl = TimeSpan.FromSeconds(options.Value.SlotSeconds);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await redis.RunAsync("node.beat", db => db.StringSetAsync(redis.Key("node:" + node.Id), node.Url?.ToString(), ttl)).ConfigureAwait(false);
                await view.PublishAsync().ConfigureAwait(false);
            }
            catch (RedisUnavailableException)
            {
                // Counted and logged by ClusterRedis; the next beat tries again.
            }

            await caps.RefreshAsync().ConfigureAwait(false);
            await Task.Delay(ttl / 3, time, stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }
}
