using System.Net;

namespace MjpegGateway.Upstream;

/// <summary>Upstream log messages. Event ids 100–199. Never pass a URL with credentials or a password here.</summary>
internal static partial class UpstreamLog
{
    [LoggerMessage(100, LogLevel.Information, "Camera {Feed}: connecting to {Host}")]
    public static partial void Connecting(ILogger logger, string feed, string host);

    [LoggerMessage(101, LogLevel.Information, "Camera {Feed}: streaming (connection #{Connection})")]
    public static partial void Streaming(ILogger logger, string feed, long connection);

    [LoggerMessage(102, LogLevel.Warning, "Camera {Feed}: refused with {Status} ({State}); retrying in {Delay}")]
    public static partial void Refused(ILogger logger, string feed, HttpStatusCode status, UpstreamState state, TimeSpan delay);

    [LoggerMessage(103, LogLevel.Warning, "Camera {Feed}: {Reason}; reconnecting in {Delay}")]
    public static partial void Lost(ILogger logger, string feed, string reason, TimeSpan delay);

    [LoggerMessage(104, LogLevel.Information, "Camera {Feed}: upstream closed ({Reason})")]
    public static partial void Closed(ILogger logger, string feed, string reason);

    [LoggerMessage(105, LogLevel.Warning, "Camera {Feed}: skipped a malformed or oversized part ({Skipped} so far)")]
    public static partial void PartsSkipped(ILogger logger, string feed, long skipped);

    [LoggerMessage(106, LogLevel.Error, "Camera {Feed}: upstream loop failed unexpectedly")]
    public static partial void Crashed(ILogger logger, string feed, Exception exception);
}
