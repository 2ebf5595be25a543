namespace MjpegGateway.Security;

/// <summary>
/// The concurrent-stream limits: per subject, per client IP, per camera and gateway-wide. In this process
/// (<see cref="StreamCaps"/>) or, for a cluster, in shared state so the limits hold across replicas. Async-capable for
/// the shared one; the in-process one completes synchronously.
/// </summary>
public interface IStreamCaps
{
    /// <summary>
    /// Reserves one stream for the subject (null = anonymous viewer of a public camera: no subject cap), the client
    /// IP, the camera and the gateway total, all or nothing. Disposing the slot frees all four at once.
    /// </summary>
    ValueTask<StreamCapResult> TryReserveAsync(StreamCapRequest request, CancellationToken cancellationToken);
}
