using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using MjpegGateway.Configuration;
using MjpegGateway.Cluster;
using MjpegGateway.Security;
using MjpegGateway.Telemetry;

namespace MjpegGateway.ClusterTests.Infrastructure;

/// <summary>
/// One replica's cluster primitives without a web host, against a real Redis: what the primitive tests need. Each instance
/// is its own node, so two instances stand for two replicas.
/// </summary>
public sealed class ClusterParts : IAsyncDisposable
{
    private readonly ServiceProvider _services;

    public ClusterParts(RedisServer redis, string nodeId, params (string Key, string Value)[] settings)
    {
        var values = new Dictionary<string, string?>
        {
            ["Cluster:Redis"] = redis.Configuration,
            ["Cluster:NodeId"] = nodeId,
            ["Cluster:NodeUrl"] = "https://127.0.0.1:1",
            ["Cluster:Secret"] = new string('s', 40),
            ["Cluster:LeaseSeconds"] = "2",
            ["Cluster:SlotSeconds"] = "3",
        };
        foreach (var (key, value) in settings)
        {
            values[key] = value;
        }

        var configuration = new ConfigurationBuilder().AddInMemoryCollection(values).Build();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddMetrics();
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<GatewayMetrics>();
        services.AddOptions<GatewayOptions>().Bind(configuration.GetSection(GatewayOptions.Section));
        services.AddSingleton<GatewaySettings>();
        services.AddOptions<StreamCapOptions>().Bind(configuration.GetSection(GatewayOptions.Section));
        services.AddOptions<TicketOptions>().Bind(configuration.GetSection(TicketOptions.Section));
        services.AddOptions<ClusterOptions>().Bind(configuration.GetSection(ClusterOptions.Section));
        services.AddSingleton<ClusterNode>();
        services.AddSingleton<ClusterMetrics>();
        services.AddSingleton<ClusterRedis>();
        _services = services.BuildServiceProvider();
        Node = _services.GetRequiredService<ClusterNode>();
        Redis = _services.GetRequiredService<ClusterRedis>();
    }

    public ClusterNode Node { get; }

    public ClusterRedis Redis { get; }

    public T Create<T>(params object[] arguments) => ActivatorUtilities.CreateInstance<T>(_services, arguments);

    public T Get<T>() where T : notnull => _services.GetRequiredService<T>();

    public CameraLease Lease(string feed) => new(
        Redis, feed, Node.Id, TimeSpan.FromSeconds(_services.GetRequiredService<IOptions<ClusterOptions>>().Value.LeaseSeconds),
        TimeProvider.System, Get<ClusterMetrics>(), Get<ILoggerFactory>().CreateLogger("lease"));

    public async ValueTask DisposeAsync()
    {
        await _services.DisposeAsync();
    }
}
