namespace MjpegGateway.Cameras;

/// <summary>Camera configuration log messages. Event ids 1–99.</summary>
internal static partial class CamerasLog
{
    [LoggerMessage(1, LogLevel.Error, "Camera '{CameraId}' skipped because of bad settings: {Problems}")]
    public static partial void CameraSkipped(ILogger logger, string cameraId, string problems);

    [LoggerMessage(2, LogLevel.Information, "Camera '{CameraId}' loaded with {Profiles} profile(s), mode {Mode}")]
    public static partial void CameraLoaded(ILogger logger, string cameraId, int profiles, CameraMode mode);
}
