using System.Diagnostics;
using System.Net;

namespace MjpegGateway.Upstream;

/// <summary>Builds the HTTP client that talks to one camera.</summary>
internal static class CameraHttpInvoker
{
    /// <summary>
    /// A handler tuned for a camera: a finite connect timeout (the default is infinite), no redirects, cookies,
    /// proxies or decompression, and credentials registered for exactly the configured scheme. Registering only
    /// "Digest" means a camera that answers with a Basic challenge over plain http never sees the password. No trace
    /// headers (<c>traceparent</c>, <c>tracestate</c>, <c>baggage</c>): the handler would otherwise copy them from the
    /// current activity, which on a pass-through call continues the client's trace and carries the client's baggage.
    /// </summary>
    public static HttpMessageInvoker Create(CameraConnection camera)
    {
        var handler = new SocketsHttpHandler
        {
            ConnectTimeout = camera.ConnectTimeout,
            AllowAutoRedirect = false,
            UseCookies = false,
            UseProxy = false,
            AutomaticDecompression = DecompressionMethods.None,
            PreAuthenticate = false,
            // An endless stream can't be drained for reuse; without this, closing an upstream keeps reading
            // it for up to 2 s and holds one of the camera's few stream slots.
            MaxResponseDrainSize = 0,
            // A camera takes part in no trace. Not null: that would also drop the gateway's own HttpClient spans.
            ActivityHeadersPropagator = DistributedContextPropagator.CreateNoOutputPropagator(),
        };

        if (camera.AuthScheme != CameraAuthScheme.None)
        {
            handler.Credentials = new CredentialCache
            {
                { camera.Authority, camera.AuthScheme.ToString(), new NetworkCredential(camera.Username, camera.Password) },
            };
        }

        return new HttpMessageInvoker(handler, disposeHandler: true);
    }
}
