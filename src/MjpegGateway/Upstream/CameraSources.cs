namespace MjpegGateway.Upstream;

/// <summary>One process: every upstream connects to its camera.</summary>
internal sealed class CameraSources : IUpstreamSources
{
    public IUpstreamSource For(string cameraId, string profile, Uri url, HttpMessageInvoker http) => new CameraSource(url, http);
}
