using Microsoft.Extensions.Diagnostics.HealthChecks;
using MjpegGateway.Cameras;
using MjpegGateway.Configuration;

namespace MjpegGateway.Health;

/// <summary>
/// Configuration as written vs as running. Bad settings for one camera make the gateway degraded, not unready:
/// the other cameras serve, and taking the whole gateway out of rotation would hurt more. Names only camera ids.
/// </summary>
internal sealed class ConfigurationHealthCheck(CameraCatalog catalog, GatewaySettings settings) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var badCameras = catalog.ConfigErrors.Select(e => e.CameraId).ToList();
        var problems = new List<string>();
        if (badCameras.Count > 0)
        {
            problems.Add($"Camera(s) with bad settings (see the log): {string.Join(", ", badCameras)}.");
        }

        if (settings.RejectedEdit.Count > 0)
        {
            problems.Add("The last edit of the Gateway section was rejected (see the log); the previous limits are in force.");
        }

        return Task.FromResult(problems.Count == 0
            ? HealthCheckResult.Healthy($"{catalog.Cameras.Count()} camera(s) configured.")
            : HealthCheckResult.Degraded(string.Join(" ", problems)));
    }
}
