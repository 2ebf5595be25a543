using Microsoft.Extensions.Logging;

namespace MjpegGateway.CameraSimulator.Diagnostics;

/// <summary>The simulator's log messages. Event ids are never reused.</summary>
internal static partial class SimulatorLog
{
    /// <summary>Log category of every simulator message.</summary>
    public const string Category = "MjpegGateway.CameraSimulator";

    [LoggerMessage(1, LogLevel.Information, "Camera simulator listening; video at {VideoUrl}")]
    public static partial void Listening(this ILogger logger, string videoUrl);

    [LoggerMessage(2, LogLevel.Information, "Stream started: {Width}x{Height} at {Fps} fps, compression {Compression}, content type '{ContentType}'")]
    public static partial void StreamStarted(this ILogger logger, int width, int height, int fps, int compression, string contentType);

    [LoggerMessage(3, LogLevel.Information, "Stream ended after {Frames} frames")]
    public static partial void StreamEnded(this ILogger logger, long frames);

    [LoggerMessage(4, LogLevel.Information, "Stream refused with 503: {MaxStreams} streams already active")]
    public static partial void StreamRefusedBusy(this ILogger logger, int maxStreams);

    [LoggerMessage(5, LogLevel.Information, "Request {Path} rejected with 401: {Reason}")]
    public static partial void AuthenticationFailed(this ILogger logger, string path, string reason);

    [LoggerMessage(6, LogLevel.Information, "Request {Path} rejected with 400: {Error}")]
    public static partial void BadRequest(this ILogger logger, string path, string error);

    [LoggerMessage(7, LogLevel.Debug, "Request {Path} answered by fault '{Fault}'")]
    public static partial void FaultApplied(this ILogger logger, string path, string fault);

    [LoggerMessage(8, LogLevel.Information, "Dropping {Count} in-flight requests")]
    public static partial void DroppingConnections(this ILogger logger, int count);
}
