namespace MjpegGateway.Telemetry;

/// <summary>
/// The audit trail, under its own category so it can be routed to its own sink: one event per stream session at
/// its end and one per refused request. Never a token, ticket, query string or password. Event ids 500–519.
/// </summary>
internal static partial class AuditLog
{
    /// <summary>Log category of the audit events.</summary>
    public const string Category = "MjpegGateway.Audit";

    [LoggerMessage(500, LogLevel.Information,
        "Stream session {SessionId} ended: camera {CameraId}/{Profile}, subject {Subject}, remote {RemoteAddress}, started {StartedAt:O}, duration {Duration}, {FramesSent} frames sent, {FramesDropped} dropped as slow, {FramesSkipped} skipped by fps cap, {BytesSent} bytes, reason {EndReason}")]
    public static partial void SessionEnded(
        ILogger logger, string sessionId, string cameraId, string profile, string subject, string remoteAddress,
        DateTimeOffset startedAt, TimeSpan duration, long framesSent, long framesDropped, long framesSkipped, long bytesSent, string endReason);

    [LoggerMessage(501, LogLevel.Information,
        "Request refused: {Method} {Path} camera {CameraId}, status {Status}, reason {Reason}, subject {Subject}, remote {RemoteAddress}")]
    public static partial void Rejected(
        ILogger logger, string method, string path, string cameraId, int status, string reason, string subject, string remoteAddress);

    [LoggerMessage(502, LogLevel.Warning,
        "Suppressed {Count} {Kind} log lines from {Sources} sources in the last {WindowSeconds} s; most from {TopSource} ({TopCount})")]
    public static partial void Suppressed(ILogger logger, long count, string kind, int sources, double windowSeconds, string topSource, long topCount);
}
