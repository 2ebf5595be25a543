namespace MjpegGateway.Vapix;

/// <summary>
/// Log messages of the VAPIX pass-through. Event ids 600–699. Never a token, query string, camera password or
/// camera response body: paths are the gateway's own or masked (<see cref="Security.RedactedPath"/>), parameters appear by allow-listed name only.
/// </summary>
internal static partial class VapixLog
{
    [LoggerMessage(600, LogLevel.Information,
        "VAPIX call {Method} {Cgi} on camera {CameraId}: status {Status}, outcome {Outcome}, subject {Subject}, remote {RemoteAddress}, {DurationMs:0.0} ms")]
    public static partial void Call(
        ILogger logger, string method, string cgi, string cameraId, int status, string outcome, string subject, string remoteAddress, double durationMs);

    [LoggerMessage(601, LogLevel.Information,
        "VAPIX path refused: {Method} {Path} on camera {CameraId}, status {Status}, subject {Subject}, remote {RemoteAddress}")]
    public static partial void PathRefused(
        ILogger logger, string method, string path, string cameraId, int status, string subject, string remoteAddress);

    [LoggerMessage(602, LogLevel.Warning,
        "Camera {CameraId} answered {CameraStatus} to the gateway's {Cgi} call: check the camera account's credentials and rights")]
    public static partial void CameraRefused(ILogger logger, string cameraId, string cgi, int cameraStatus);

    [LoggerMessage(603, LogLevel.Warning, "Camera {CameraId} failed a {Cgi} call: {Error}")]
    public static partial void CameraFailed(ILogger logger, string cameraId, string cgi, string error);
}
