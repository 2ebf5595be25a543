using MjpegGateway.Cameras;

namespace MjpegGateway.Upstream;

/// <summary>Makes each upstream's <see cref="IUpstreamSource"/>; the cluster registers its own (owner lease or relay).</summary>
public interface IUpstreamSources
{
    /// <summary>The source for one profile of <paramref name="camera"/>, reaching the camera through <paramref name="http"/>.</summary>
    IUpstreamSource For(Camera camera, string profile, HttpMessageInvoker http);
}
