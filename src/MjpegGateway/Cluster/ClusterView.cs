using Microsoft.Extensions.Options;
using MjpegGateway.Streaming;
using StackExchange.Redis;

namespace MjpegGateway.Cluster;

/// <summary>
/// What the admin API shows of the cluster: each feed's owner node and its viewers per node. Every node publishes its own
/// viewer counts with its heartbeat (<see cref="PublishAsync"/>), with a TTL, so a dead node drops out. A node's entry in
/// the node list is stamped with its own clock (through <see cref="TimeProvider"/>), so pods whose clocks differ by less
/// than the slot lifetime (15 s by default) see each other correctly; NTP keeps pods far closer than that.
/// </summary>
public sealed class ClusterView(ClusterRedis redis, ClusterNode node, StreamSessions sessions, IOptions<ClusterOptions> options, TimeProvider time)
{
    private readonly TimeSpan _ttl = TimeSpan.FromSeconds(options.Value.SlotSeconds);

    /// <summary>Owner node and viewers per node of one feed (<c>camera/profile</c>).</summary>
    public sealed record FeedView(string? OwnerNode, IReadOnlyDictionary<string, int> ViewersByNode);

    /// <summary>Writes this node's viewers per feed; called with the heartbeat.</summary>
    public async Task PublishAsync()
    {
        var counts = sessions.Live.GroupBy(s => $"{s.Feed.Camera}/{s.Feed.Profile}")
            .Select(g => new HashEntry(g.Key, g.Count())).ToArray();
        var key = redis.Key("viewers:" + node.Id);
        await redis.RunAsync("view.publish", async db =>
        {
            var batch = db.CreateTransaction();
            _ = batch.KeyDeleteAsync(key);
            if (counts.Length > 0)
            {
                _ = batch.HashSetAsync(key, counts);
                _ = batch.KeyExpireAsync(key, _ttl);
            }

            _ = batch.SortedSetAddAsync(redis.Key("nodes"), node.Id, time.GetUtcNow().Add(_ttl).ToUnixTimeMilliseconds());
            return await batch.ExecuteAsync().ConfigureAwait(false);
        }).ConfigureAwait(false);
    }

    /// <summary>The view of every feed named in <paramref name="feeds"/>; null when Redis is unreachable.</summary>
    public async Task<IReadOnlyDictionary<string, FeedView>?> DescribeAsync(IReadOnlyCollection<string> feeds)
    {
        try
        {
            return await redis.RunAsync("view.describe", async db =>
            {
                var nodes = await db.SortedSetRangeByScoreAsync(redis.Key("nodes"), time.GetUtcNow().ToUnixTimeMilliseconds(), double.PositiveInfinity).ConfigureAwait(false);
                var perNode = new Dictionary<string, HashEntry[]>(StringComparer.Ordinal);
                foreach (var n in nodes)
                {
                    perNode[n.ToString()] = await db.HashGetAllAsync(redis.Key("viewers:" + n)).ConfigureAwait(false);
                }

                var owners = await db.StringGetAsync(feeds.Select(f => redis.Key("lease:" + f)).ToArray()).ConfigureAwait(false);
                return (IReadOnlyDictionary<string, FeedView>)feeds.Zip(owners).ToDictionary(
                    p => p.First,
                    p => new FeedView(
                        p.Second.IsNullOrEmpty ? null : p.Second.ToString(),
                        perNode.Select(n => (Node: n.Key, Count: n.Value.FirstOrDefault(e => e.Name == p.First).Value))
                            .Where(n => !n.Count.IsNull)
                            .ToDictionary(n => n.Node, n => (int)n.Count, StringComparer.Ordinal)),
                    StringComparer.Ordinal);
            }).ConfigureAwait(false);
        }
        catch (RedisUnavailableException)
        {
            return null;
        }
    }
}
