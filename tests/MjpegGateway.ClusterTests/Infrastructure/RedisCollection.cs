namespace MjpegGateway.ClusterTests.Infrastructure;

/// <summary>Tests that share one redis-server (each test uses its own keys, or its own KeyPrefix).</summary>
[CollectionDefinition(Name)]
public sealed class RedisCollection : ICollectionFixture<SharedRedis>
{
    public const string Name = "redis";
}

/// <summary>One redis-server for the collection.</summary>
public sealed class SharedRedis : IAsyncLifetime
{
    public RedisServer Server { get; private set; } = null!;

    public async Task InitializeAsync() => Server = await RedisServer.StartNewAsync();

    public async Task DisposeAsync() => await Server.DisposeAsync();

    /// <summary>A key prefix of its own, so tests sharing the server never see each other's keys.</summary>
    public static (string Key, string Value) OwnPrefix() => ("Cluster:KeyPrefix", "t" + Guid.NewGuid().ToString("N")[..12] + ":");
}
