using Microsoft.Extensions.Diagnostics.HealthChecks;
using MjpegGateway.Lifecycle;

namespace MjpegGateway.Health;

/// <summary>Not ready once shutdown has begun, so the load balancer stops sending viewers here.</summary>
internal sealed class DrainHealthCheck(GatewayDrain drain) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(drain.IsDraining ? HealthCheckResult.Unhealthy("Shutting down.") : HealthCheckResult.Healthy("Accepting streams."));
}
