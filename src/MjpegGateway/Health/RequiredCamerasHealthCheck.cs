using Microsoft.Extensions.Diagnostics.HealthChecks;
using MjpegGateway.Cameras;
using MjpegGateway.Upstream;

namespace MjpegGateway.Health;

/// <summary>Ready only while every camera marked <c>Required</c> streams its default profile.</summary>
internal sealed class RequiredCamerasHealthCheck(CameraCatalog catalog) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var required = catalog.Cameras.Where(c => c.Camera.Options.Required).ToList();
        var down = required
            .Select(c => (c.Camera.Id, State: c.Feeds.TryGetValue(c.Camera.DefaultProfile, out var feed) ? feed.Upstream.State : UpstreamState.Stopped))
            .Where(c => c.State != UpstreamState.Streaming)
            .Select(c => $"{c.Id} is {c.State}")
            .ToList();
        return Task.FromResult(down.Count == 0
            ? HealthCheckResult.Healthy($"{required.Count} required camera(s) streaming.")
            : HealthCheckResult.Unhealthy($"Required camera(s) not streaming: {string.Join(", ", down)}."));
    }
}
