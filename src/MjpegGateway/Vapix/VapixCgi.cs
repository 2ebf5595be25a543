namespace MjpegGateway.Vapix;

/// <summary>One VAPIX CGI the pass-through forwards, and everything that limits it.</summary>
internal sealed class VapixCgi
{
    /// <summary>Short name for logs and metrics: <c>image</c>, <c>ptz</c>, <c>param</c>.</summary>
    public required string Key { get; init; }

    /// <summary>Path below <c>/cameras/{id}/vapix/</c>, matched exactly (case-sensitive), e.g. <c>jpg/image.cgi</c>.</summary>
    public required string Path { get; init; }

    /// <summary>Path on the camera, below its base address, e.g. <c>/axis-cgi/jpg/image.cgi</c>.</summary>
    public required string UpstreamPath { get; init; }

    /// <summary>Lowest role that may call it (<see cref="Security.GatewayRoles"/>).</summary>
    public required string MinimumRole { get; init; }

    /// <summary>Methods the client may use. POST takes the parameters as a form body.</summary>
    public required string[] Methods { get; init; }

    /// <summary>Rate-limit group (<see cref="RateLimiting.RateLimitGroups"/>).</summary>
    public required string RateLimitGroup { get; init; }

    /// <summary>Every parameter the CGI accepts; any other is refused with 400.</summary>
    public required IReadOnlyDictionary<string, VapixParameter> Parameters { get; init; }
}
