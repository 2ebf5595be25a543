namespace MjpegGateway.WebViewer;

/// <summary>Viewer page and demo sign-in log messages. Event ids 700–799. Never log a token.</summary>
internal static partial class ViewerLog
{
    [LoggerMessage(700, LogLevel.Warning, "The viewer page's files (wwwroot/index.html) were not found; / is not served")]
    public static partial void FilesMissing(ILogger logger);

    [LoggerMessage(701, LogLevel.Information, "Demo sign-in from {RemoteAddress}: viewer token for {CameraCount} demo cameras, valid {LifetimeMinutes} minutes")]
    public static partial void DemoSignIn(ILogger logger, string? remoteAddress, int cameraCount, double lifetimeMinutes);
}
