namespace MjpegGateway.Upstream;

/// <summary>Makes each upstream's <see cref="IUpstreamSource"/>; the cluster registers its own (owner lease or relay).</summary>
public interface IUpstreamSources
{
    /// <summary>
    /// The source for profile <paramref name="profile"/> of camera <paramref name="cameraId"/>, whose stream is at
    /// <paramref name="url"/>, reached through <paramref name="http"/>.
    /// </summary>
    IUpstreamSource For(string cameraId, string profile, Uri url, HttpMessageInvoker http);
}
