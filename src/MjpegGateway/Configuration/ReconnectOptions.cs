namespace MjpegGateway.Configuration;

/// <summary>Capped exponential backoff with full jitter for upstream reconnects, section <c>Gateway:Reconnect</c>.</summary>
public sealed class ReconnectOptions
{
    /// <summary>First retry delay in seconds. Default 0.5.</summary>
    public double InitialDelaySeconds { get; set; } = 0.5;

    /// <summary>Longest retry delay in seconds. Default 30.</summary>
    public double MaxDelaySeconds { get; set; } = 30;

    /// <summary>
    /// The backoff resets only after an upstream has streamed this long, so a camera that accepts and
    /// immediately drops connections is not hammered. Default 30 s.
    /// </summary>
    public double ResetAfterSeconds { get; set; } = 30;

    /// <summary>
    /// Smallest delay after the camera refused us (401/403/404/503): such answers do not fix themselves in
    /// milliseconds. Default 5 s.
    /// </summary>
    public double RefusedMinDelaySeconds { get; set; } = 5;
}
