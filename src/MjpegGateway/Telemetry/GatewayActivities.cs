using System.Diagnostics;

namespace MjpegGateway.Telemetry;

/// <summary>
/// The gateway's own trace source: one span per stream session (the upstream's connection attempts have theirs,
/// <c>Upstream/UpstreamActivities</c>). Free when no tracer listens (OTLP not configured):
/// <see cref="ActivitySource.StartActivity(string, ActivityKind)"/> returns null.
/// </summary>
public static class GatewayActivities
{
    /// <summary>ActivitySource name to subscribe to.</summary>
    public const string SourceName = "MjpegGateway";

    internal static readonly ActivitySource Source = new(SourceName);
}
