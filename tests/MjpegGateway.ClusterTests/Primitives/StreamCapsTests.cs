using MjpegGateway.Cluster;
using MjpegGateway.ClusterTests.Infrastructure;
using MjpegGateway.Security;
using MjpegGateway.Tests.Infrastructure;

namespace MjpegGateway.ClusterTests.Primitives;

[Collection(RedisCollection.Name)]
public sealed class StreamCapsTests(SharedRedis redis)
{
    [Fact]
    public async Task Fifty_concurrent_reservations_over_two_nodes_admit_exactly_the_cap()
    {
        var prefix = SharedRedis.OwnPrefix();
        await using var a = new ClusterParts(redis.Server, "a", prefix, ("Gateway:MaxStreamsPerSubject", "10"));
        await using var b = new ClusterParts(redis.Server, "b", prefix, ("Gateway:MaxStreamsPerSubject", "10"));
        var caps = new[] { Caps(a), Caps(b) };

        var results = await Task.WhenAll(Enumerable.Range(0, 50).Select(i =>
            caps[i % 2].TryReserveAsync(new StreamCapRequest("dana", "10.0.0." + i, "lobby", 1000), default).AsTask()));

        Assert.Equal(10, results.Count(r => r.Rejection == StreamCapRejection.None));
        Assert.Equal(40, results.Count(r => r.Rejection == StreamCapRejection.Subject));
        Assert.All(results.Where(r => r.Rejection != StreamCapRejection.None), r => Assert.Null(r.Slot));
    }

    [Fact]
    public async Task Each_cap_is_checked_and_a_refusal_reserves_nothing()
    {
        var prefix = SharedRedis.OwnPrefix();
        await using var a = new ClusterParts(redis.Server, "a", prefix, ("Gateway:MaxStreamsPerSubject", "3"), ("Gateway:MaxStreamsPerIp", "2"), ("Gateway:MaxViewersTotal", "4"));
        var caps = Caps(a);

        Assert.Equal(StreamCapRejection.None, (await caps.TryReserveAsync(new("erin", "10.0.0.1", "lobby", 1), default)).Rejection);
        Assert.Equal(StreamCapRejection.Camera, (await caps.TryReserveAsync(new("erin", "10.0.0.1", "lobby", 1), default)).Rejection);
        Assert.Equal(StreamCapRejection.None, (await caps.TryReserveAsync(new("erin", "10.0.0.1", "yard", 10), default)).Rejection);
        Assert.Equal(StreamCapRejection.Ip, (await caps.TryReserveAsync(new(null, "10.0.0.1", "yard", 10), default)).Rejection);
        Assert.Equal(StreamCapRejection.None, (await caps.TryReserveAsync(new("erin", "10.0.0.2", "yard", 10), default)).Rejection);
        Assert.Equal(StreamCapRejection.Subject, (await caps.TryReserveAsync(new("erin", "10.0.0.3", "yard", 10), default)).Rejection);
        Assert.Equal(StreamCapRejection.None, (await caps.TryReserveAsync(new(null, "10.0.0.3", "yard", 10), default)).Rejection);
        Assert.Equal(StreamCapRejection.Gateway, (await caps.TryReserveAsync(new(null, "10.0.0.4", "yard", 10), default)).Rejection);
        Assert.Equal(4, caps.LocalSlots);
    }

    [Fact]
    public async Task Ending_a_stream_frees_its_slot_at_once()
    {
        var prefix = SharedRedis.OwnPrefix();
        await using var a = new ClusterParts(redis.Server, "a", prefix, ("Gateway:MaxStreamsPerSubject", "1"));
        await using var b = new ClusterParts(redis.Server, "b", prefix, ("Gateway:MaxStreamsPerSubject", "1"));
        var held = await Caps(a).TryReserveAsync(new("frank", "10.0.0.1", "lobby", 10), default);
        Assert.Equal(StreamCapRejection.Subject, (await Caps(b).TryReserveAsync(new("frank", "10.0.0.2", "lobby", 10), default)).Rejection);

        await held.Slot!.DisposeAsync();

        Assert.Equal(StreamCapRejection.None, (await Caps(b).TryReserveAsync(new("frank", "10.0.0.2", "lobby", 10), default)).Rejection);
    }

    [Fact]
    public async Task Slots_of_a_node_that_stopped_beating_lapse_and_a_live_nodes_slots_do_not()
    {
        var prefix = SharedRedis.OwnPrefix();
        await using var dead = new ClusterParts(redis.Server, "dead", prefix, ("Gateway:MaxStreamsPerSubject", "2"));
        await using var live = new ClusterParts(redis.Server, "live", prefix, ("Gateway:MaxStreamsPerSubject", "2"));
        var liveCaps = Caps(live);
        Assert.Equal(StreamCapRejection.None, (await Caps(dead).TryReserveAsync(new("gina", "10.0.0.1", "lobby", 10), default)).Rejection);
        var kept = await liveCaps.TryReserveAsync(new("gina", "10.0.0.2", "lobby", 10), default);
        Assert.Equal(StreamCapRejection.None, kept.Rejection);
        var started = DateTime.UtcNow;

        // Only the live node beats (SlotSeconds is 3 here); the dead node's slot lapses, the live one's stays.
        var freed = await Eventually.ValueAsync(
            async () =>
            {
                await liveCaps.RefreshAsync();
                return await liveCaps.TryReserveAsync(new("gina", "10.0.0.3", "lobby", 10), default);
            },
            r => r.Rejection == StreamCapRejection.None,
            "the dead node's slot lapses",
            r => r.Rejection.ToString());

        Assert.InRange(DateTime.UtcNow - started, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(10));
        await liveCaps.RefreshAsync();
        Assert.Equal(StreamCapRejection.Subject, (await liveCaps.TryReserveAsync(new("gina", "10.0.0.4", "lobby", 10), default)).Rejection);
        await freed.Slot!.DisposeAsync();
        await kept.Slot!.DisposeAsync();
    }

    [Fact]
    public async Task Heartbeat_puts_live_slots_back_after_Redis_lost_its_data()
    {
        await using var own = await RedisServer.StartNewAsync();
        await using var a = new ClusterParts(own, "a", ("Gateway:MaxStreamsPerSubject", "1"));
        var caps = Caps(a);
        var held = await caps.TryReserveAsync(new("hank", "10.0.0.1", "lobby", 10), default);
        Assert.Equal(StreamCapRejection.None, held.Rejection);

        await own.StopAsync();
        await own.StartAsync();
        await Eventually.ValueAsync(
            async () =>
            {
                await caps.RefreshAsync();
                return a.Redis.IsAvailable;
            },
            up => up,
            "the node reconnects to the restarted Redis",
            up => up.ToString());

        await using var b = new ClusterParts(own, "b", ("Gateway:MaxStreamsPerSubject", "1"));
        Assert.Equal(StreamCapRejection.Subject, (await Caps(b).TryReserveAsync(new("hank", "10.0.0.2", "lobby", 10), default)).Rejection);
    }

    [Fact]
    public async Task A_slot_released_while_a_heartbeat_is_on_its_way_stays_released()
    {
        var prefix = SharedRedis.OwnPrefix();
        await using var a = new ClusterParts(redis.Server, "a", prefix, ("Gateway:MaxStreamsPerSubject", "1"));
        await using var b = new ClusterParts(redis.Server, "b", prefix, ("Gateway:MaxStreamsPerSubject", "1"));
        var caps = Caps(a);
        var held = await caps.TryReserveAsync(new("ivan", "10.0.0.1", "lobby", 10), default);
        await caps.RefreshAsync();

        // The release reaches Redis first, the beat that had already read the slot after it: what Redis sees when a stream
        // ends while its node's heartbeat is on the way.
        await RemoveFromRedisAsync(a, prefix.Value, "a:1");
        await caps.RefreshAsync();

        Assert.Equal(StreamCapRejection.None, (await Caps(b).TryReserveAsync(new("ivan", "10.0.0.2", "lobby", 10), default)).Rejection);
        await held.Slot!.DisposeAsync();
    }

    [Fact]
    public async Task A_replica_with_shorter_slots_does_not_expire_the_live_slots_of_the_others()
    {
        var prefix = SharedRedis.OwnPrefix();
        await using var longer = new ClusterParts(redis.Server, "long", prefix, ("Gateway:MaxStreamsPerSubject", "2"), ("Cluster:SlotSeconds", "60"));
        await using var shorter = new ClusterParts(redis.Server, "short", prefix, ("Gateway:MaxStreamsPerSubject", "2"), ("Cluster:SlotSeconds", "3"));
        var kept = await Caps(longer).TryReserveAsync(new("judy", "10.0.0.1", "lobby", 10), default);
        Assert.Equal(StreamCapRejection.None, (await Caps(shorter).TryReserveAsync(new("judy", "10.0.0.2", "lobby", 10), default)).Rejection);
        var shorterCaps = Caps(shorter);

        // The short node never beats: its slot lapses after 3 s. The long node's slot (60 s) must still count then.
        var next = await Eventually.ValueAsync(
            () => shorterCaps.TryReserveAsync(new("judy", "10.0.0.3", "lobby", 10), default).AsTask(),
            r => r.Rejection == StreamCapRejection.None,
            "the short node's slot lapses",
            r => r.Rejection.ToString());

        Assert.Equal(StreamCapRejection.Subject, (await shorterCaps.TryReserveAsync(new("judy", "10.0.0.4", "lobby", 10), default)).Rejection);
        await next.Slot!.DisposeAsync();
        await kept.Slot!.DisposeAsync();
    }

    // Removes a slot from every caps set under the prefix, behind its node's back.
    private static async Task RemoveFromRedisAsync(ClusterParts node, string prefix, string slot) =>
        await node.Redis.RunAsync("test.remove", async db =>
        {
            foreach (var set in new[] { "subject:" + ClusterRedis.Hash("ivan"), "ip:10.0.0.1", "camera:lobby", "total" })
            {
                Assert.True(await db.SortedSetRemoveAsync(prefix + "caps:" + set, slot), $"slot {slot} was in {set}");
            }

            return true;
        });

    private static RedisStreamCaps Caps(ClusterParts node) => node.Create<RedisStreamCaps>((IStreamCaps)new UnusedLocalCaps());

    // Redis is up in these tests: the node-local fallback must not be asked.
    private sealed class UnusedLocalCaps : IStreamCaps
    {
        public ValueTask<StreamCapResult> TryReserveAsync(StreamCapRequest request, CancellationToken cancellationToken) =>
            throw new InvalidOperationException("The node-local caps were asked while Redis was up.");
    }
}
