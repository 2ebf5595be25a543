using Microsoft.Extensions.Options;

namespace MjpegGateway.Lifecycle;

/// <summary>Registers the graceful drain.</summary>
public static class LifecycleServiceCollectionExtensions
{
    // Time for the server and the upstreams to close after the drain.
    private static readonly TimeSpan StopSlack = TimeSpan.FromSeconds(15);

    /// <summary>Adds <see cref="GatewayDrain"/> (section <c>Shutdown</c>) and makes the host's shutdown timeout cover it.</summary>
    public static IServiceCollection AddGatewayDrain(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<ShutdownOptions>()
            .Bind(configuration.GetSection(ShutdownOptions.Section))
            .Validate(o => o.DrainSeconds is >= 0 and <= 3600, $"{ShutdownOptions.Section}:DrainSeconds must be 0 to 3600.")
            .Validate(o => o.EndGraceSeconds is >= 0 and <= 600, $"{ShutdownOptions.Section}:EndGraceSeconds must be 0 to 600.")
            .ValidateOnStart();
        services.AddSingleton<GatewayDrain>();
        services.AddHostedService(sp => sp.GetRequiredService<GatewayDrain>());
        services.AddOptions<HostOptions>().Configure<IOptions<ShutdownOptions>>((host, shutdown) =>
        {
            var needed = TimeSpan.FromSeconds(shutdown.Value.DrainSeconds + shutdown.Value.EndGraceSeconds) + StopSlack;
            if (host.ShutdownTimeout < needed)
            {
                host.ShutdownTimeout = needed;
            }
        });
        return services;
    }

    /// <summary>
    /// Adds <see cref="StartupHeapCompaction"/>: one compaction of the heap once the host has started
    /// (<see cref="MjpegGateway.Configuration.GatewayOptions.CompactHeapAfterStart"/>).
    /// </summary>
    public static IServiceCollection AddStartupHeapCompaction(this IServiceCollection services)
    {
        services.AddHostedService<StartupHeapCompaction>();
        return services;
    }
}
