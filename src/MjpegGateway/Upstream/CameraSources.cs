using MjpegGateway.Cameras;

namespace MjpegGateway.Upstream;

/// <summary>One process: every upstream connects to its camera.</summary>
internal sealed class CameraSources : IUpstreamSources
{
    public IUpstreamSource For(Camera camera, string profile, HttpMessageInvoker http) => new CameraSource(camera.Profiles[profile], http);
}
