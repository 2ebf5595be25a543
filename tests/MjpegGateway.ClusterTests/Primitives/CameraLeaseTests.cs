using MjpegGateway.ClusterTests.Infrastructure;
using MjpegGateway.Tests.Infrastructure;

namespace MjpegGateway.ClusterTests.Primitives;

[Collection(RedisCollection.Name)]
public sealed class CameraLeaseTests(SharedRedis redis)
{
    [Fact]
    public async Task One_node_holds_the_lease_and_a_released_lease_goes_to_the_next()
    {
        var prefix = SharedRedis.OwnPrefix();
        await using var a = new ClusterParts(redis.Server, "a", prefix);
        await using var b = new ClusterParts(redis.Server, "b", prefix);

        var term = await a.Lease("lobby/hd").TryAcquireAsync();
        Assert.NotNull(term);
        Assert.Null(await b.Lease("lobby/hd").TryAcquireAsync());
        Assert.Equal("a", await b.Lease("lobby/hd").OwnerAsync());
        Assert.NotNull(await b.Lease("lobby/low").TryAcquireAsync());

        await term.DisposeAsync();

        Assert.NotNull(await b.Lease("lobby/hd").TryAcquireAsync());
    }

    [Fact]
    public async Task Renewal_keeps_the_lease_past_its_duration()
    {
        var prefix = SharedRedis.OwnPrefix();
        await using var a = new ClusterParts(redis.Server, "a", prefix);
        await using var b = new ClusterParts(redis.Server, "b", prefix);
        await using var term = await a.Lease("lobby/hd").TryAcquireAsync();

        // Three lease durations (LeaseSeconds is 2 here) with the owner alive.
        var until = DateTime.UtcNow + TimeSpan.FromSeconds(6);
        while (DateTime.UtcNow < until)
        {
            Assert.Equal("a", await b.Lease("lobby/hd").OwnerAsync());
            Assert.True(term!.IsHeld);
            await Task.Delay(200);
        }
    }

    [Fact]
    public async Task A_dead_owners_lease_is_taken_over_after_it_lapses()
    {
        var prefix = SharedRedis.OwnPrefix();
        var a = new ClusterParts(redis.Server, "a", prefix);
        await using var b = new ClusterParts(redis.Server, "b", prefix);
        Assert.NotNull(await a.Lease("lobby/hd").TryAcquireAsync());
        var died = DateTime.UtcNow;

        // The owner's process goes away without giving the lease back.
        await a.DisposeAsync();
        await using var taken = await Eventually.ValueAsync(() => b.Lease("lobby/hd").TryAcquireAsync(), t => t is not null, "b takes the lapsed lease", t => "not yet");

        Assert.InRange(DateTime.UtcNow - died, TimeSpan.FromSeconds(0.5), TimeSpan.FromSeconds(2 + 1));
        Assert.Equal("b", await b.Lease("lobby/hd").OwnerAsync());
    }

    [Fact]
    public async Task An_owner_cut_off_from_Redis_gives_up_before_the_lease_can_lapse()
    {
        await using var own = await RedisServer.StartNewAsync();
        await using var a = new ClusterParts(own, "a");
        await using var term = await a.Lease("lobby/hd").TryAcquireAsync();
        var lost = new TaskCompletionSource<DateTime>();
        term!.Lost.Register(() => lost.TrySetResult(DateTime.UtcNow));
        var cut = DateTime.UtcNow;

        await own.StopAsync();

        var at = await lost.Task.WaitAsync(TimeSpan.FromSeconds(10));
        // The lease lasts 2 s from its last renewal, which was at most half a second before the cut.
        Assert.True(at - cut < TimeSpan.FromSeconds(1.6), $"gave up {(at - cut).TotalSeconds:0.00} s after the cut");
        Assert.False(term.IsHeld);
    }

    [Fact]
    public async Task An_owner_whose_lease_another_node_holds_gives_up_at_its_next_renewal()
    {
        var prefix = SharedRedis.OwnPrefix();
        await using var a = new ClusterParts(redis.Server, "a", prefix);
        await using var term = await a.Lease("lobby/hd").TryAcquireAsync();
        var lost = new TaskCompletionSource();
        term!.Lost.Register(() => lost.TrySetResult());

        await a.Redis.RunAsync("test", db => db.StringSetAsync(a.Redis.Key("lease:lobby/hd"), "b"));

        await lost.Task.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.Equal("b", await a.Lease("lobby/hd").OwnerAsync());
    }
}
