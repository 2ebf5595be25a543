using System.Net;
using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using MjpegGateway.Tls;

namespace MjpegGateway.Cluster;

/// <summary>
/// The HTTP client a replica reads an owner's relay with: signs each request (<see cref="RelaySignature"/>) and, over HTTPS,
/// trusts exactly the certificate this replica serves itself. The replicas share one certificate (one Secret), and pods are
/// reached by IP, which no name check could cover. No redirects, cookies, proxies or decompression, like a camera client.
/// </summary>
public sealed class RelayClient : IDisposable
{
    public RelayClient(ClusterNode node, RelaySignature signature, ServerCertificate certificate)
    {
        var handler = new SocketsHttpHandler
        {
            ConnectTimeout = TimeSpan.FromSeconds(5),
            AllowAutoRedirect = false,
            UseCookies = false,
            UseProxy = false,
            AutomaticDecompression = DecompressionMethods.None,
            MaxResponseDrainSize = 0,
            SslOptions = new SslClientAuthenticationOptions
            {
                RemoteCertificateValidationCallback = (_, presented, _, _) =>
                    presented is X509Certificate2 peer && peer.GetCertHashString(HashAlgorithmName.SHA256) == certificate.Current.GetCertHashString(HashAlgorithmName.SHA256),
            },
        };
        Http = new HttpMessageInvoker(new SigningHandler(node.Id, signature) { InnerHandler = handler }, disposeHandler: true);
    }

    /// <summary>The invoker the upstream reader uses for relay targets.</summary>
    public HttpMessageInvoker Http { get; }

    /// <summary>The relay URL of one feed at an owner.</summary>
    public static Uri UrlOf(Uri ownerUrl, string cameraId, string profile) =>
        new(ownerUrl, $"{RelayMiddleware.PathPrefix}/{Uri.EscapeDataString(cameraId)}/{Uri.EscapeDataString(profile)}");

    public void Dispose() => Http.Dispose();

    private sealed class SigningHandler(string node, RelaySignature signature) : DelegatingHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            request.Headers.TryAddWithoutValidation(RelaySignature.Header, signature.Sign(node, request.RequestUri!.AbsolutePath));
            return base.SendAsync(request, cancellationToken);
        }
    }
}
