using System.Runtime.CompilerServices;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using MjpegGateway.RateLimiting;
using MjpegGateway.Security;
using MjpegGateway.Telemetry;
using MjpegGateway.Upstream;

namespace MjpegGateway.Cluster;

/// <summary>Registers the cluster (section <c>Cluster</c>): nothing but its options unless <c>Cluster:Redis</c> is set.</summary>
public static class ClusterServiceCollectionExtensions
{
    /// <summary>
    /// With <c>Cluster:Redis</c>: the Redis connection, the node heartbeat, owner leases and relays for the upstreams, and the
    /// Redis implementations of the tickets, caps and rate-limit seams. Call before the features that register the
    /// in-process implementations (they use TryAdd).
    /// </summary>
    public static IServiceCollection AddCluster(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<ClusterOptions>().Bind(configuration.GetSection(ClusterOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<ClusterOptions>, ClusterOptionsValidator>();
        var options = configuration.GetSection(ClusterOptions.Section).Get<ClusterOptions>() ?? new ClusterOptions();
        return options.Enabled ? AddClusterServices(services) : services;
    }

    // Its own method, not inlined: the types registered here hold StackExchange.Redis types, and loading them maps that
    // assembly (1.8 MB of RSS), which a gateway without a cluster never needs.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static IServiceCollection AddClusterServices(IServiceCollection services)
    {
        services.AddSingleton<ClusterNode>();
        // Every metric of this replica (the gateway's, ASP.NET Core's, the runtime's) comes from the node named in leases,
        // slots and the admin API: service.instance.id, on the Prometheus endpoint's target_info and on every OTLP batch.
        services.AddOptions<TelemetryOptions>().PostConfigure<ClusterNode>((telemetry, node) => telemetry.ServiceInstanceId = node.Id);
        services.AddSingleton<ClusterMetrics>();
        services.AddSingleton<ClusterRedis>();
        services.AddSingleton<RelaySignature>();
        services.AddSingleton<RelayClient>();
        services.AddSingleton<OwnedFeeds>();
        services.AddSingleton<ClusterView>();
        services.AddSingleton<ClusterKicks>();
        services.AddHostedService(sp => sp.GetRequiredService<ClusterKicks>());
        services.AddHostedService<ClusterHeartbeat>();
        services.TryAddSingleton<IUpstreamSources, ClusteredUpstreamSources>();
        // The seams (issue 9): registered before the in-process ones, which use TryAdd. The node-local caps stay
        // registered as themselves: they decide while Redis is unreachable.
        services.TryAddSingleton<StreamCaps>();
        services.AddSingleton(sp => ActivatorUtilities.CreateInstance<RedisStreamCaps>(sp, (IStreamCaps)sp.GetRequiredService<StreamCaps>()));
        services.AddSingleton<IStreamCaps>(sp => sp.GetRequiredService<RedisStreamCaps>());
        services.AddSingleton<IStreamTicketStore, RedisStreamTicketStore>();
        services.AddSingleton<IRateLimitBuckets, RedisRateLimitBuckets>();
        services.AddHealthChecks().AddCheck<RedisHealthCheck>("cluster-redis", tags: [Health.HealthServiceCollectionExtensions.ReadyTag]);
        return services;
    }

    /// <summary>Serves the relay port; first in the pipeline, so relay requests pass none of the viewer-facing middleware.</summary>
    public static IApplicationBuilder UseClusterRelay(this IApplicationBuilder app)
    {
        if (app.ApplicationServices.GetRequiredService<IOptions<ClusterOptions>>().Value.Enabled)
        {
            app.UseMiddleware<RelayMiddleware>();
        }

        return app;
    }
}
