namespace MjpegGateway.Security;

/// <summary>Per-caller stream caps, read from the <c>Gateway</c> section beside the gateway-wide limits.</summary>
public sealed class StreamCapOptions
{
    /// <summary>Concurrent streams one token subject may hold. Default 16 (a 16-camera grid).</summary>
    public int MaxStreamsPerSubject { get; set; } = 16;

    /// <summary>Concurrent streams one client IP may hold. Default 32 (a few people behind one NAT).</summary>
    public int MaxStreamsPerIp { get; set; } = 32;

    /// <summary>A stream ends after this many seconds even if its credential is still valid. Default 0: no limit besides the credential's expiry.</summary>
    public double MaxStreamDurationSeconds { get; set; }
}
