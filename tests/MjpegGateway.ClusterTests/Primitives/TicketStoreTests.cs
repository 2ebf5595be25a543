using MjpegGateway.Cluster;
using MjpegGateway.ClusterTests.Infrastructure;
using MjpegGateway.Security;
using MjpegGateway.Tests.Infrastructure;
using StackExchange.Redis;

namespace MjpegGateway.ClusterTests.Primitives;

[Collection(RedisCollection.Name)]
public sealed class TicketStoreTests(SharedRedis redis)
{
    private static readonly DateTimeOffset InAnHour = DateTimeOffset.UtcNow.AddHours(1);

    [Fact]
    public async Task Ticket_minted_on_one_node_redeems_once_on_another()
    {
        var prefix = SharedRedis.OwnPrefix();
        await using var a = new ClusterParts(redis.Server, "a", prefix);
        await using var b = new ClusterParts(redis.Server, "b", prefix);
        await using var c = new ClusterParts(redis.Server, "c", prefix);
        var issued = await a.Create<RedisStreamTicketStore>().TryIssueAsync("lobby", "alice", InAnHour, default);

        Assert.Equal(TicketRefusal.None, issued.Refusal);
        var redeemed = await b.Create<RedisStreamTicketStore>().TryRedeemAsync(issued.Value!, default);
        Assert.Equal(("lobby", "alice"), (redeemed?.CameraId, redeemed?.Subject));
        Assert.Null(await c.Create<RedisStreamTicketStore>().TryRedeemAsync(issued.Value!, default));
    }

    [Fact]
    public async Task Finding_a_ticket_on_any_node_leaves_it_for_exactly_one_redeem()
    {
        var prefix = SharedRedis.OwnPrefix();
        await using var a = new ClusterParts(redis.Server, "a", prefix);
        await using var b = new ClusterParts(redis.Server, "b", prefix);
        var stores = new[] { a.Create<RedisStreamTicketStore>(), b.Create<RedisStreamTicketStore>() };
        var issued = await stores[0].TryIssueAsync("lobby", "alice", InAnHour, default);

        var foundOnA = await stores[0].TryFindAsync(issued.Value!, default);
        var foundOnB = await stores[1].TryFindAsync(issued.Value!, default);
        var redeems = await Task.WhenAll(Enumerable.Range(0, 10).Select(i => stores[i % 2].TryRedeemAsync(issued.Value!, default).AsTask()));

        Assert.Equal(("lobby", "alice"), (foundOnA?.CameraId, foundOnA?.Subject));
        Assert.Equal(("lobby", "alice"), (foundOnB?.CameraId, foundOnB?.Subject));
        Assert.Single(redeems, r => r is not null);
        Assert.Null(await stores[1].TryFindAsync(issued.Value!, default));
        Assert.Null(await stores[0].TryFindAsync("not-a-ticket", default));
    }

    [Fact]
    public async Task Only_the_tickets_hash_is_stored_and_it_expires()
    {
        var prefix = SharedRedis.OwnPrefix();
        await using var a = new ClusterParts(redis.Server, "a", prefix, ("Tickets:LifetimeSeconds", "30"));
        var issued = await a.Create<RedisStreamTicketStore>().TryIssueAsync("lobby", "alice", InAnHour, default);

        await using var admin = await ConnectionMultiplexer.ConnectAsync(redis.Server.Configuration + ",allowAdmin=true");
        var server = admin.GetServer(admin.GetEndPoints()[0]);
        var keys = server.Keys(pattern: prefix.Value + "*").ToList();
        Assert.NotEmpty(keys);
        foreach (var key in keys)
        {
            Assert.DoesNotContain(issued.Value!, key.ToString(), StringComparison.Ordinal);
            var type = await admin.GetDatabase().KeyTypeAsync(key);
            if (type == RedisType.String)
            {
                Assert.DoesNotContain(issued.Value!, (string?)await admin.GetDatabase().StringGetAsync(key) ?? "", StringComparison.Ordinal);
            }

            var ttl = await admin.GetDatabase().KeyTimeToLiveAsync(key);
            Assert.InRange(ttl ?? TimeSpan.MaxValue, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(30));
        }
    }

    [Fact]
    public async Task Subject_bound_holds_under_concurrent_mints_on_two_nodes_and_frees_on_redeem()
    {
        var prefix = SharedRedis.OwnPrefix();
        await using var a = new ClusterParts(redis.Server, "a", prefix, ("Tickets:MaxOutstandingPerSubject", "8"));
        await using var b = new ClusterParts(redis.Server, "b", prefix, ("Tickets:MaxOutstandingPerSubject", "8"));
        var stores = new[] { a.Create<RedisStreamTicketStore>(), b.Create<RedisStreamTicketStore>() };

        var results = await Task.WhenAll(Enumerable.Range(0, 30).Select(i => stores[i % 2].TryIssueAsync("lobby", "bob", InAnHour, default).AsTask()));

        Assert.Equal(8, results.Count(r => r.Refusal == TicketRefusal.None));
        Assert.Equal(22, results.Count(r => r.Refusal == TicketRefusal.TooManyForSubject));
        Assert.Equal(TicketRefusal.None, (await stores[0].TryIssueAsync("lobby", "carol", InAnHour, default)).Refusal);
        Assert.NotNull(await stores[1].TryRedeemAsync(results.First(r => r.Refusal == TicketRefusal.None).Value!, default));
        await Eventually.ValueAsync(
            () => stores[0].TryIssueAsync("lobby", "bob", InAnHour, default).AsTask(),
            r => r.Refusal == TicketRefusal.None,
            "a redeemed ticket frees its place in the subject's bound",
            r => r.Refusal.ToString());
    }

    [Fact]
    public async Task Redis_down_refuses_minting_and_fails_redemption_closed()
    {
        await using var own = await RedisServer.StartNewAsync();
        await using var a = new ClusterParts(own, "a");
        var store = a.Create<RedisStreamTicketStore>();
        var issued = await store.TryIssueAsync("lobby", "alice", InAnHour, default);
        Assert.Equal(TicketRefusal.None, issued.Refusal);

        await own.StopAsync();

        Assert.Equal(TicketRefusal.Unavailable, (await store.TryIssueAsync("lobby", "alice", InAnHour, default)).Refusal);
        Assert.Null(await store.TryFindAsync(issued.Value!, default));
        Assert.Null(await store.TryRedeemAsync(issued.Value!, default));
        Assert.False(a.Redis.IsAvailable);
    }
}
