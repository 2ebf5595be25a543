namespace MjpegGateway.Lifecycle;

/// <summary>Graceful shutdown, section <c>Shutdown</c>.</summary>
public sealed class ShutdownOptions
{
    /// <summary>Configuration section name.</summary>
    public const string Section = "Shutdown";

    /// <summary>
    /// On SIGTERM, current streams keep flowing for at most this many seconds while readiness is off and new streams
    /// are refused, so the load balancer stops sending viewers here before they are ended and reconnect elsewhere.
    /// Shutdown does not wait when no stream is open. Default 10; keep Kubernetes'
    /// <c>terminationGracePeriodSeconds</c> above it.
    /// </summary>
    public double DrainSeconds { get; set; } = 10;

    /// <summary>After the drain, how long ended streams get to finish their last write before the server stops. Default 5 s.</summary>
    public double EndGraceSeconds { get; set; } = 5;
}
