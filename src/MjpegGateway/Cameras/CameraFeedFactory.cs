using Mjpeg.Fanout;
using Mjpeg.Frames;
using MjpegGateway.Configuration;
using MjpegGateway.Upstream;

namespace MjpegGateway.Cameras;

/// <summary>Builds the parts of a running camera (HTTP client, hubs, upstreams) from its settings and the gateway limits in force.</summary>
internal sealed class CameraFeedFactory(GatewaySettings settings, IUpstreamSources sources, TimeProvider time, ILogger upstreamLogger)
{
    public CameraEntry CreateEntry(Camera camera)
    {
        var http = CreateHttp(camera);
        var feeds = new Dictionary<string, CameraFeed>(StringComparer.Ordinal);
        foreach (var profile in camera.Profiles.Keys)
        {
            feeds[profile] = CreateFeed(camera, profile, http);
        }

        return new CameraEntry(camera, feeds, http, this);
    }

    public HttpMessageInvoker CreateHttp(Camera camera) => CameraHttpInvoker.Create(camera.Connection());

    public CameraFeed CreateFeed(Camera camera, string profile, HttpMessageInvoker http)
    {
        var gateway = settings.Current;
        var pool = new FramePool(CameraCatalog.OutgoingBoundary, gateway.MaxFrameBytes, time);
        var hub = new FrameHub($"{camera.Id}/{profile}", pool, new FrameHubOptions { StallTimeout = TimeSpan.FromSeconds(gateway.StallTimeoutSeconds) }, time);
        return new CameraFeed(camera, profile, hub, CreateUpstream(camera, profile, hub, http), time);
    }

    public CameraUpstream CreateUpstream(Camera camera, string profile, FrameHub hub, HttpMessageInvoker http) =>
        new(camera.Connection(), hub, sources.For(camera.Id, profile, camera.Profiles[profile], http), settings.Current, time, upstreamLogger);
}
