namespace MjpegGateway.Cameras;

/// <summary>One camera as the operator writes it under <c>Cameras:{id}</c> in appsettings.json.</summary>
public sealed class CameraOptions
{
    /// <summary>False hides the camera entirely. Default true.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Display name. Default: the camera id.</summary>
    public string? Name { get; set; }

    /// <summary>Absolute http(s) URL of the camera's MJPEG CGI, e.g. <c>http://10.0.0.21/axis-cgi/mjpg/video.cgi</c>. Required.</summary>
    public string? Url { get; set; }

    /// <summary>Camera account. Default none. Override per environment with <c>Cameras__{id}__Username</c>.</summary>
    public string? Username { get; set; }

    /// <summary>Camera password. Never logged or returned. Set it with <c>Cameras__{id}__Password</c> rather than in the file.</summary>
    public string? Password { get; set; }

    /// <summary>Default <see cref="CameraAuthScheme.Digest"/> when <see cref="Username"/> is set, else <see cref="CameraAuthScheme.None"/>.</summary>
    public CameraAuthScheme? AuthScheme { get; set; }

    /// <summary>
    /// Allows Basic auth to a plain-http camera (the password then crosses the network in clear). Default false.
    /// </summary>
    public bool AllowBasicOverHttp { get; set; }

    /// <summary>
    /// Named stream profiles, each an upstream query string appended to <see cref="Url"/>
    /// (e.g. <c>hd</c> = <c>resolution=1280x720&amp;fps=15</c>). Each profile is its own single upstream.
    /// Default: one profile <c>default</c> with the URL as written.
    /// </summary>
    public Dictionary<string, string> Profiles { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Profile used when a viewer names none. Default: the first profile.</summary>
    public string? DefaultProfile { get; set; }

    /// <summary>Default <see cref="CameraMode.OnDemand"/>: cameras serve few streams, so hold none nobody watches.</summary>
    public CameraMode Mode { get; set; } = CameraMode.OnDemand;

    /// <summary>Seconds an on-demand upstream stays open after its last viewer leaves. Default 30: page reloads reuse it.</summary>
    public double IdleLingerSeconds { get; set; } = 30;

    /// <summary>TCP connect and response-header timeout in seconds. Default 5 (HttpClient's own is infinite).</summary>
    public double ConnectTimeoutSeconds { get; set; } = 5;

    /// <summary>No frame for this many seconds means the upstream is dead and is reconnected. Default 10.</summary>
    public double FrameTimeoutSeconds { get; set; } = 10;

    /// <summary>Most viewers of this camera at once (all profiles). Default 100.</summary>
    public int MaxViewers { get; set; } = 100;

    /// <summary>
    /// Streams and snapshots of this camera need no token. Default false: every camera needs a token
    /// with the right to view it. Use only for cameras whose picture is meant to be public.
    /// </summary>
    public bool Public { get; set; }

    /// <summary>
    /// Client networks (CIDR, IPv4 or IPv6, e.g. <c>10.0.0.0/8</c>) allowed to view this camera, on top of the
    /// gateway-wide <c>Security:AllowedNetworks</c>. Default empty: no extra restriction.
    /// </summary>
    public List<string> AllowedNetworks { get; set; } = [];

    /// <summary>
    /// The gateway is ready (<c>/readyz</c>) only while this camera's default profile streams. A required camera's
    /// default profile is held open like <see cref="CameraMode.AlwaysOn"/>, so readiness reflects the camera, not the
    /// absence of viewers. Default false.
    /// </summary>
    public bool Required { get; set; }
}
