using MjpegGateway.Upstream;

namespace MjpegGateway.Cameras;

/// <summary>
/// One camera as the operator writes it under <c>Cameras:{id}</c> in appsettings.json. Immutable, with value
/// equality (collections compared by content, as YARP's <c>ClusterConfig</c> does), so a reload finds what changed
/// by comparing values; nothing is ever serialized, so the password never leaves memory.
/// </summary>
public sealed record CameraOptions
{
    /// <summary>False hides the camera entirely. Default true.</summary>
    public bool Enabled { get; init; } = true;

    /// <summary>Display name. Default: the camera id.</summary>
    public string? Name { get; init; }

    /// <summary>Absolute http(s) URL of the camera's MJPEG CGI, e.g. <c>http://10.0.0.21/axis-cgi/mjpg/video.cgi</c>. Required.</summary>
    public string? Url { get; init; }

    /// <summary>Camera account. Default none. Override per environment with <c>Cameras__{id}__Username</c>.</summary>
    public string? Username { get; init; }

    /// <summary>Camera password. Never logged or returned. Set it with <c>Cameras__{id}__Password</c> rather than in the file.</summary>
    public string? Password { get; init; }

    /// <summary>Default <see cref="CameraAuthScheme.Digest"/> when <see cref="Username"/> is set, else <see cref="CameraAuthScheme.None"/>.</summary>
    public CameraAuthScheme? AuthScheme { get; init; }

    /// <summary>
    /// Allows Basic auth to a plain-http camera (the password then crosses the network in clear). Default false.
    /// </summary>
    public bool AllowBasicOverHttp { get; init; }

    /// <summary>
    /// Named stream profiles, each an upstream query string appended to <see cref="Url"/>
    /// (e.g. <c>hd</c> = <c>resolution=1280x720&amp;fps=15</c>). Each profile is its own single upstream.
    /// Default: one profile <c>default</c> with the URL as written.
    /// </summary>
    public IReadOnlyDictionary<string, string> Profiles { get; init; } = new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>Profile used when a viewer names none. Default: the first profile.</summary>
    public string? DefaultProfile { get; init; }

    /// <summary>Default <see cref="CameraMode.OnDemand"/>: cameras serve few streams, so hold none nobody watches.</summary>
    public CameraMode Mode { get; init; } = CameraMode.OnDemand;

    /// <summary>Seconds an on-demand upstream stays open after its last viewer leaves. Default 30: page reloads reuse it.</summary>
    public double IdleLingerSeconds { get; init; } = 30;

    /// <summary>TCP connect and response-header timeout in seconds. Default 5 (HttpClient's own is infinite).</summary>
    public double ConnectTimeoutSeconds { get; init; } = 5;

    /// <summary>No frame for this many seconds means the upstream is dead and is reconnected. Default 10.</summary>
    public double FrameTimeoutSeconds { get; init; } = 10;

    /// <summary>Most viewers of this camera at once (all profiles). Default 100.</summary>
    public int MaxViewers { get; init; } = 100;

    /// <summary>
    /// Streams and snapshots of this camera need no token. Default false: every camera needs a token
    /// with the right to view it. Use only for cameras whose picture is meant to be public.
    /// </summary>
    public bool Public { get; init; }

    /// <summary>
    /// Client networks (CIDR, IPv4 or IPv6, e.g. <c>10.0.0.0/8</c>) allowed to view this camera, on top of the
    /// gateway-wide <c>Security:AllowedNetworks</c>. Default empty: no extra restriction.
    /// </summary>
    public IReadOnlyList<string> AllowedNetworks { get; init; } = [];

    /// <summary>
    /// The gateway is ready (<c>/readyz</c>) only while this camera's default profile streams. A required camera's
    /// default profile is held open like <see cref="CameraMode.AlwaysOn"/>, so readiness reflects the camera, not the
    /// absence of viewers. Default false.
    /// </summary>
    public bool Required { get; init; }

    /// <inheritdoc />
    public bool Equals(CameraOptions? other) =>
        other is not null
        && Enabled == other.Enabled
        && Name == other.Name
        && Url == other.Url
        && Username == other.Username
        && Password == other.Password
        && AuthScheme == other.AuthScheme
        && AllowBasicOverHttp == other.AllowBasicOverHttp
        && DefaultProfile == other.DefaultProfile
        && Mode == other.Mode
        && IdleLingerSeconds.Equals(other.IdleLingerSeconds)
        && ConnectTimeoutSeconds.Equals(other.ConnectTimeoutSeconds)
        && FrameTimeoutSeconds.Equals(other.FrameTimeoutSeconds)
        && MaxViewers == other.MaxViewers
        && Public == other.Public
        && Required == other.Required
        && AllowedNetworks.SequenceEqual(other.AllowedNetworks, StringComparer.Ordinal)
        && Profiles.Count == other.Profiles.Count
        && Profiles.All(p => other.Profiles.TryGetValue(p.Key, out var query) && query == p.Value);

    /// <inheritdoc />
    public override int GetHashCode() =>
        HashCode.Combine(Url, Username, Mode, MaxViewers, Profiles.Count, AllowedNetworks.Count);

    /// <summary>Names the camera without its credentials (a record would print every property, the password too).</summary>
    public override string ToString() => $"CameraOptions {{ Name = {Name}, Mode = {Mode}, Profiles = {Profiles.Count} }}";
}
