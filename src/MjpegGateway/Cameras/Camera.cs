using MjpegGateway.Upstream;

namespace MjpegGateway.Cameras;

/// <summary>A camera whose configuration passed validation.</summary>
public sealed record Camera
{
    /// <summary>Key under <c>Cameras</c>; appears in URLs.</summary>
    public required string Id { get; init; }

    /// <summary>Display name.</summary>
    public required string Name { get; init; }

    /// <summary>Upstream URL per profile name (the camera URL with the profile's query).</summary>
    public required IReadOnlyDictionary<string, Uri> Profiles { get; init; }

    /// <summary>Profile used when the viewer names none.</summary>
    public required string DefaultProfile { get; init; }

    /// <summary>The operator's settings, including credentials: never serialize this.</summary>
    public required CameraOptions Options { get; init; }

    /// <summary>Resolved auth scheme.</summary>
    public required CameraAuthScheme AuthScheme { get; init; }

    /// <summary>Client networks allowed to view this camera; empty means no extra restriction.</summary>
    public required Security.NetworkList AllowedNetworks { get; init; }

    /// <summary>What the upstream needs to reach the camera (a method, not a property: not part of equality or the printed form).</summary>
    public CameraConnection Connection() => new()
    {
        Authority = new Uri(Profiles[DefaultProfile].GetLeftPart(UriPartial.Authority)),
        AuthScheme = AuthScheme,
        Username = Options.Username,
        Password = Options.Password,
        ConnectTimeout = TimeSpan.FromSeconds(Options.ConnectTimeoutSeconds),
        FrameTimeout = TimeSpan.FromSeconds(Options.FrameTimeoutSeconds),
    };
}
