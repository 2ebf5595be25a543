namespace MjpegGateway.Upstream;

/// <summary>
/// What a connection to one camera needs of its settings, and nothing more: the upstream does not know the camera
/// catalog's types. Holds the password, so it is a class with no printed form (not a record) and is never serialized.
/// </summary>
public sealed class CameraConnection
{
    /// <summary>Scheme, host and port the credentials are registered for (no path, no user info).</summary>
    public required Uri Authority { get; init; }

    /// <summary>The scheme the gateway answers challenges with; <see cref="CameraAuthScheme.None"/> sends no credentials.</summary>
    public required CameraAuthScheme AuthScheme { get; init; }

    /// <summary>User name for the camera, when <see cref="AuthScheme"/> is not none.</summary>
    public string? Username { get; init; }

    /// <summary>Password for the camera. Never log or serialize.</summary>
    public string? Password { get; init; }

    /// <summary>TCP connect and response-header timeout.</summary>
    public required TimeSpan ConnectTimeout { get; init; }

    /// <summary>Longest silence between frames before the connection counts as lost.</summary>
    public required TimeSpan FrameTimeout { get; init; }
}
