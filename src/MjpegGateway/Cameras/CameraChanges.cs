namespace MjpegGateway.Cameras;

/// <summary>Compares a camera's running settings with an edit, to apply only what changed.</summary>
internal static class CameraChanges
{
    /// <summary>True when every operator setting is the same (nothing to do on reload).</summary>
    public static bool Same(Camera a, Camera b) => a.Options == b.Options;

    /// <summary>True when the upstream connection would be made the same way (no reconnect needed).</summary>
    public static bool SameConnection(Camera a, Camera b) =>
        a.AuthScheme == b.AuthScheme
        && a.Options.Url == b.Options.Url
        && a.Options.Username == b.Options.Username
        && a.Options.Password == b.Options.Password
        && a.Options.AllowBasicOverHttp == b.Options.AllowBasicOverHttp
        && a.Options.ConnectTimeoutSeconds.Equals(b.Options.ConnectTimeoutSeconds)
        && a.Options.FrameTimeoutSeconds.Equals(b.Options.FrameTimeoutSeconds);
}
