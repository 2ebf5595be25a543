namespace MjpegGateway.Tests.Telemetry;

/// <summary>
/// Tests that read <c>/metrics</c> run alone. OpenTelemetry listens to meters process-wide by name, so a gateway
/// started by a parallel test would feed (and, when it stops, end) the same-named instruments of the one under test.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class MetricsCollection
{
    public const string Name = "Metrics";
}
