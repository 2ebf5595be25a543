namespace MjpegGateway.Admin;

/// <summary>Admin API log messages. Event ids 470–489.</summary>
internal static partial class AdminLog
{
    [LoggerMessage(470, LogLevel.Information, "Admin {Admin} ended stream session {SessionId} of {Subject} on {CameraId}/{Profile}")]
    public static partial void ViewerEnded(ILogger logger, string admin, string sessionId, string subject, string cameraId, string profile);
}
