namespace MjpegGateway.Upstream;

/// <summary>One process: the upstream always connects to the camera.</summary>
internal sealed class CameraSource(Uri url, HttpMessageInvoker http) : IUpstreamSource
{
    private readonly UpstreamTarget _target = UpstreamTarget.Camera(url, http);

    public ValueTask<UpstreamTarget> NextAsync(CancellationToken cancellationToken) => ValueTask.FromResult(_target);

    public ValueTask StoppedAsync() => ValueTask.CompletedTask;
}
