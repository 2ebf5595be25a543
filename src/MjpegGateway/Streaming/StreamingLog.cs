using Mjpeg.Fanout;

namespace MjpegGateway.Streaming;

/// <summary>Stream and snapshot log messages. Event ids 200–299.</summary>
internal static partial class StreamingLog
{
    [LoggerMessage(200, LogLevel.Information, "Stream {SessionId} started: camera {CameraId}/{Profile}")]
    public static partial void StreamStarted(ILogger logger, string sessionId, string cameraId, string profile);

    [LoggerMessage(202, LogLevel.Warning, "Stream {SessionId} on {CameraId} stalled: no write progress for {StallTimeout}; disconnecting")]
    public static partial void StreamStalled(ILogger logger, string sessionId, string cameraId, TimeSpan stallTimeout);

    [LoggerMessage(203, LogLevel.Information, "Request for camera {CameraId} refused: {Reason}")]
    public static partial void Refused(ILogger logger, string cameraId, string reason);

    [LoggerMessage(204, LogLevel.Warning, "Overloaded: camera frames were skipped in {SkippingSeconds} of the last {WindowSeconds} s; new streams are {Action}")]
    public static partial void OverloadBegan(ILogger logger, int skippingSeconds, int windowSeconds, string action);

    [LoggerMessage(205, LogLevel.Information, "No longer overloaded: camera frames were skipped in {SkippingSeconds} of the last {WindowSeconds} s")]
    public static partial void OverloadEnded(ILogger logger, int skippingSeconds, int windowSeconds);
}
