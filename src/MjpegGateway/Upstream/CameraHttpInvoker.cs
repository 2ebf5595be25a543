using System.Net;

namespace MjpegGateway.Upstream;

/// <summary>Builds the HTTP client that talks to one camera.</summary>
internal static class CameraHttpInvoker
{
    /// <summary>
    /// A handler tuned for a camera: a finite connect timeout (the default is infinite), no redirects, cookies,
    /// proxies or decompression, and credentials registered for exactly the configured scheme. Registering only
    /// "Digest" means a camera that answers with a Basic challenge over plain http never sees the password.
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
