using OpenTelemetry.Resources;

namespace MjpegGateway.Telemetry;

/// <summary>
/// Names this replica in the exported resource (<c>service.instance.id</c>) when something knows its name (the cluster's
/// node id); otherwise adds nothing and OpenTelemetry's own per-process id stands.
/// </summary>
internal sealed class ServiceInstanceDetector(string? instanceId) : IResourceDetector
{
    public Resource Detect() => string.IsNullOrEmpty(instanceId)
        ? Resource.Empty
        : new Resource([new KeyValuePair<string, object>("service.instance.id", instanceId)]);
}
