using Microsoft.AspNetCore.Authorization;

namespace MjpegGateway.Telemetry;

/// <summary>Who may scrape <c>/metrics</c>; see <see cref="TelemetryPolicies.Metrics"/>.</summary>
internal sealed class MetricsAccessRequirement : IAuthorizationRequirement;
