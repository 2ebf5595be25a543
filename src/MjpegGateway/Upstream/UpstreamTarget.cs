namespace MjpegGateway.Upstream;

/// <summary>
/// Where an upstream's next connection goes: the camera itself, or (in a cluster) the owner replica's relay of it. Either way
/// the same reader cuts the multipart body into frames.
/// </summary>
public sealed record UpstreamTarget
{
    /// <summary>The URL to GET; null when there is nowhere to connect now (see <see cref="Unavailable"/>).</summary>
    public Uri? Url { get; init; }

    /// <summary>The client for <see cref="Url"/> (the camera's, with its credentials, or the relay client).</summary>
    public HttpMessageInvoker? Http { get; init; }

    /// <summary>True when <see cref="Url"/> is another replica's relay rather than the camera.</summary>
    public bool IsRelay { get; init; }

    /// <summary>Cancelled when this node must stop using the target (its owner lease is ending).</summary>
    public CancellationToken Lost { get; init; }

    /// <summary>Why there is nowhere to connect now, when <see cref="Url"/> is null.</summary>
    public string? Unavailable { get; init; }

    /// <summary>The camera, held for as long as <paramref name="lost"/> is not cancelled.</summary>
    public static UpstreamTarget Camera(Uri url, HttpMessageInvoker http, CancellationToken lost = default) => new() { Url = url, Http = http, Lost = lost };

    /// <summary>Another replica's relay of the camera.</summary>
    public static UpstreamTarget Relay(Uri url, HttpMessageInvoker http) => new() { Url = url, Http = http, IsRelay = true };

    /// <summary>Nowhere to connect now; the upstream retries soon.</summary>
    public static UpstreamTarget None(string reason) => new() { Unavailable = reason, IsRelay = true };
}
