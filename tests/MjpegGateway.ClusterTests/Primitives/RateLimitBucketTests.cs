using System.Threading.RateLimiting;
using MjpegGateway.Cluster;
using MjpegGateway.ClusterTests.Infrastructure;
using MjpegGateway.RateLimiting;

namespace MjpegGateway.ClusterTests.Primitives;

[Collection(RedisCollection.Name)]
public sealed class RateLimitBucketTests(SharedRedis redis)
{
    private static readonly RateLimitRule TenPerMinute = new() { PermitsPerMinute = 1, Burst = 10 };

    [Fact]
    public async Task Fifty_concurrent_requests_over_two_nodes_get_exactly_the_burst()
    {
        var prefix = SharedRedis.OwnPrefix();
        await using var a = new ClusterParts(redis.Server, "a", prefix);
        await using var b = new ClusterParts(redis.Server, "b", prefix);
        using var limiters = new Limiters(a, b);

        var leases = await Task.WhenAll(Enumerable.Range(0, 50).Select(i => limiters.All[i % 2].AcquireAsync("streams|ip:10.0.0.1", 1).AsTask()));

        Assert.Equal(10, leases.Count(l => l.IsAcquired));
        var refused = leases.First(l => !l.IsAcquired);
        Assert.True(refused.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter));
        Assert.InRange(retryAfter, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(60));
        Assert.True((await limiters.All[0].AcquireAsync("streams|ip:10.0.0.2", 1)).IsAcquired);
    }

    [Fact]
    public async Task Synchronous_attempt_gives_no_verdict_so_the_middleware_asks_asynchronously()
    {
        var prefix = SharedRedis.OwnPrefix();
        await using var a = new ClusterParts(redis.Server, "a", prefix);
        using var limiters = new Limiters(a);

        using var attempt = limiters.All[0].AttemptAcquire("streams|ip:10.0.0.1", 1);

        Assert.False(attempt.IsAcquired);
        Assert.False(attempt.TryGetMetadata(MetadataName.RetryAfter, out _));
        Assert.True((await limiters.All[0].AcquireAsync("streams|ip:10.0.0.1", 1)).IsAcquired);
    }

    [Fact]
    public async Task Redis_down_falls_back_to_the_nodes_own_bucket()
    {
        await using var own = await RedisServer.StartNewAsync();
        await using var a = new ClusterParts(own, "a");
        using var limiters = new Limiters(a);
        await own.StopAsync();

        var leases = new List<RateLimitLease>();
        for (var i = 0; i < 12; i++)
        {
            leases.Add(await limiters.All[0].AcquireAsync("streams|ip:10.0.0.1", 1));
        }

        Assert.Equal(10, leases.Count(l => l.IsAcquired));
    }

    private sealed class Limiters : IDisposable
    {
        public Limiters(params ClusterParts[] nodes)
        {
            All = nodes.Select(n =>
            {
                var buckets = n.Create<RedisRateLimitBuckets>();
                return PartitionedRateLimiter.Create<string, string>(key => buckets.For(key, TenPerMinute));
            }).ToArray();
        }

        public PartitionedRateLimiter<string>[] All { get; }

        public void Dispose()
        {
            foreach (var limiter in All)
            {
                limiter.Dispose();
            }
        }
    }
}
