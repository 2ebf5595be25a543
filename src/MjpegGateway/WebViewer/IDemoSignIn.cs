namespace MjpegGateway.WebViewer;

/// <summary>
/// Registered only by a demo host (<c>src/MjpegGateway.Demo</c>): the cameras a visitor of the viewer page may
/// watch after clicking <b>Demo sign-in</b>. Without it, <c>/demo</c> answers "off" and there is no sign-in.
/// </summary>
public interface IDemoSignIn
{
    /// <summary>Ids of the demo cameras a demo sign-in token grants.</summary>
    IReadOnlyList<string> CameraIds { get; }
}
