using Microsoft.AspNetCore.Diagnostics.HealthChecks;

namespace MjpegGateway.Health;

/// <summary>Registers and maps the Kubernetes probes.</summary>
public static class HealthServiceCollectionExtensions
{
    /// <summary>Tag of the checks <c>/readyz</c> runs.</summary>
    public const string ReadyTag = "ready";

    /// <summary>Adds the readiness checks: configuration, required cameras, shutdown.</summary>
    public static IServiceCollection AddGatewayHealth(this IServiceCollection services)
    {
        services.AddHealthChecks()
            .AddCheck<ConfigurationHealthCheck>("configuration", tags: [ReadyTag])
            .AddCheck<RequiredCamerasHealthCheck>("required-cameras", tags: [ReadyTag])
            .AddCheck<DrainHealthCheck>("shutdown", tags: [ReadyTag]);
        return services;
    }

    /// <summary>
    /// <c>/healthz</c>: the process serves requests (no check runs, so a camera outage never restarts the pod).
    /// <c>/readyz</c>: configuration valid, required cameras streaming, not shutting down (503 otherwise). Both anonymous.
    /// </summary>
    public static IEndpointRouteBuilder MapGatewayHealth(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapHealthChecks("/healthz", new HealthCheckOptions { Predicate = _ => false, ResponseWriter = HealthResponseWriter.WriteAsync })
            .AllowAnonymous()
            .DisableHttpMetrics();
        endpoints.MapHealthChecks("/readyz", new HealthCheckOptions { Predicate = c => c.Tags.Contains(ReadyTag), ResponseWriter = HealthResponseWriter.WriteAsync })
            .AllowAnonymous()
            .DisableHttpMetrics();
        return endpoints;
    }
}
