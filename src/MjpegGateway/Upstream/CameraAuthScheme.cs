namespace MjpegGateway.Upstream;

/// <summary>How the gateway proves itself to a camera.</summary>
public enum CameraAuthScheme
{
    /// <summary>No credentials.</summary>
    None,
    /// <summary>HTTP Digest (RFC 7616). The password never crosses the wire. Default when a username is set.</summary>
    Digest,
    /// <summary>HTTP Basic: the password in clear, so only allowed to an https:// camera unless explicitly permitted.</summary>
    Basic,
}
