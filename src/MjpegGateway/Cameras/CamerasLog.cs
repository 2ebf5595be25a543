namespace MjpegGateway.Cameras;

/// <summary>Camera configuration log messages. Event ids 400–469 (1 and 2, their first ids, are retired, never reused).</summary>
internal static partial class CamerasLog
{
    [LoggerMessage(407, LogLevel.Error, "Camera '{CameraId}' skipped because of bad settings: {Problems}")]
    public static partial void CameraSkipped(ILogger logger, string cameraId, string problems);

    [LoggerMessage(408, LogLevel.Information, "Camera '{CameraId}' loaded with {Profiles} profile(s), mode {Mode}")]
    public static partial void CameraLoaded(ILogger logger, string cameraId, int profiles, CameraMode mode);

    [LoggerMessage(400, LogLevel.Information, "Camera '{CameraId}' added by a configuration edit with {Profiles} profile(s), mode {Mode}")]
    public static partial void CameraAdded(ILogger logger, string cameraId, int profiles, CameraMode mode);

    [LoggerMessage(401, LogLevel.Information, "Camera '{CameraId}' changed by a configuration edit ({What}); other cameras are untouched")]
    public static partial void CameraChanged(ILogger logger, string cameraId, string what);

    [LoggerMessage(402, LogLevel.Information, "Camera '{CameraId}' removed by a configuration edit; ending its {Viewers} viewer(s)")]
    public static partial void CameraRemoved(ILogger logger, string cameraId, int viewers);

    [LoggerMessage(403, LogLevel.Error, "Configuration edit of camera '{CameraId}' rejected, it keeps running with its last good settings: {Problems}")]
    public static partial void CameraEditRejected(ILogger logger, string cameraId, string problems);

    [LoggerMessage(404, LogLevel.Error, "Configuration edit of the Gateway section rejected, the last good limits stay in force: {Problems}")]
    public static partial void GatewayEditRejected(ILogger logger, string problems);

    [LoggerMessage(405, LogLevel.Error, "Configuration reload failed; the running cameras keep their configuration")]
    public static partial void ReloadFailed(ILogger logger, Exception exception);

    [LoggerMessage(406, LogLevel.Error, "Configuration edit rejected, the file cannot be read; every camera keeps its running configuration: {Problem}")]
    public static partial void FileUnreadable(ILogger logger, string problem);
}
