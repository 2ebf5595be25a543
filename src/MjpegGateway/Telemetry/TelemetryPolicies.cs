namespace MjpegGateway.Telemetry;

/// <summary>Authorization policy names of the telemetry endpoints.</summary>
public static class TelemetryPolicies
{
    /// <summary>Scraping: an admin token, or a client in <c>Telemetry:MetricsAllowedNetworks</c>, or the management port.</summary>
    public const string Metrics = "metrics";
}
