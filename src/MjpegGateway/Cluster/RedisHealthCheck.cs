using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace MjpegGateway.Cluster;

/// <summary>
/// Readiness while Redis is unreachable: Degraded, not Unhealthy. The replica still serves its running streams and starts new
/// ones under node-local caps; taking it out of the Service would only push its viewers onto replicas that have the same problem.
/// </summary>
internal sealed class RedisHealthCheck(ClusterRedis redis, ClusterNode node) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await redis.RunAsync("health.ping", db => db.PingAsync()).ConfigureAwait(false);
            return HealthCheckResult.Healthy($"Cluster node {node.Id}: Redis reachable.");
        }
        catch (RedisUnavailableException)
        {
            return HealthCheckResult.Degraded($"Cluster node {node.Id}: Redis unreachable; tickets refused, caps node-local, camera leases cannot be renewed.");
        }
    }
}
