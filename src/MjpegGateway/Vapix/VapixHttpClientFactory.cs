using MjpegGateway.Cameras;
using MjpegGateway.Upstream;
using Yarp.ReverseProxy.Forwarder;

namespace MjpegGateway.Vapix;

/// <summary>
/// Gives each camera's cluster its own <see cref="HttpMessageInvoker"/> from <see cref="CameraHttpInvoker"/>: the camera's
/// credentials registered for exactly its scheme (Digest answers the challenge round trip; Basic only where allowed), no
/// redirects, cookies, proxy or decompression, and the camera's finite connect timeout.
/// </summary>
internal sealed class VapixHttpClientFactory(CameraCatalog catalog, ILogger<VapixHttpClientFactory> logger) : IForwarderHttpClientFactory
{
    public HttpMessageInvoker CreateClient(ForwarderHttpClientContext context)
    {
        // The metadata carries the camera's connection number, which changes with its URL or credentials.
        if (context.OldClient is not null && SameMetadata(context.OldMetadata, context.NewMetadata))
        {
            return context.OldClient;
        }

        if (context.NewMetadata?.TryGetValue(VapixRoutes.CameraKey, out var cameraId) == true && catalog.TryGet(cameraId, out var camera))
        {
            // A replaced client is left to the garbage collector, as YARP's own factory does: calls in flight may still use it.
            return CameraHttpInvoker.Create(camera.Camera.Connection());
        }

        VapixLog.NoCameraForCluster(logger, context.ClusterId);
        return new HttpMessageInvoker(new NoCameraHandler());
    }

    private static bool SameMetadata(IReadOnlyDictionary<string, string>? a, IReadOnlyDictionary<string, string>? b) =>
        a is not null && b is not null && a.Count == b.Count && a.All(e => b.TryGetValue(e.Key, out var value) && value == e.Value);

    /// <summary>Fails every request, for a cluster whose camera is gone: YARP answers 502.</summary>
    private sealed class NoCameraHandler : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
            Task.FromException<HttpResponseMessage>(new HttpRequestException("No camera for this cluster."));
    }
}
