using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using MjpegGateway.Tests.Infrastructure;

namespace MjpegGateway.Tests.Security;

public sealed class TransportTests
{
    [Fact]
    public async Task Http2_is_negotiated_over_tls_and_streams_work_on_one_connection()
    {
        await using var camera = await CameraSimulator.CameraSimulator.StartAsync();
        await using var gateway = await TestGateway.StartAsync(TestGateway.Camera("lobby", camera.VideoUrl));
        var client = gateway.CreateClient(gateway.Tokens.Admin(), HttpVersion.Version20);

        var viewers = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => MjpegStreamClient.OpenAsync(client, "cameras/lobby/stream")));
        try
        {
            Assert.All(viewers, v => Assert.Equal(HttpVersion.Version20, v.Response.Version));
            var frames = await Task.WhenAll(viewers.Select(v => v.ReadFramesAsync(3)));
            Assert.All(frames, f => Assert.Equal(3, f.Count));
        }
        finally
        {
            foreach (var v in viewers)
            {
                await v.DisposeAsync();
            }
        }
    }

    [Fact]
    public async Task Https_responses_carry_hsts_and_browser_hardening_headers()
    {
        await using var camera = await CameraSimulator.CameraSimulator.StartAsync();
        await using var gateway = await TestGateway.StartAsync(TestGateway.Camera("lobby", camera.VideoUrl));

        using var response = await gateway.Client.GetAsync("cameras");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.StartsWith("max-age=", response.Headers.GetValues("Strict-Transport-Security").Single(), StringComparison.Ordinal);
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("no-referrer", response.Headers.GetValues("Referrer-Policy").Single());
        Assert.Equal("DENY", response.Headers.GetValues("X-Frame-Options").Single());
        Assert.Contains("frame-ancestors 'none'", response.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
        Assert.False(response.Headers.Contains("Access-Control-Allow-Origin"));
        Assert.False(response.Headers.Contains("Server"));
    }

    [Theory]
    [InlineData("Redirect", HttpStatusCode.PermanentRedirect)]
    [InlineData("Off", HttpStatusCode.Forbidden)]
    [InlineData("LoopbackOnly", HttpStatusCode.OK)]
    public async Task Plain_http_follows_the_configured_policy(string mode, HttpStatusCode expected)
    {
        await using var camera = await CameraSimulator.CameraSimulator.StartAsync();
        await using var gateway = await TestGateway.StartAsync(TestGateway.Camera("lobby", camera.VideoUrl, ("Tls:PlainHttp", mode)), plainHttpToo: true);
        using var client = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false, UseProxy = false }) { BaseAddress = gateway.PlainAddress };
        client.DefaultRequestHeaders.Authorization = new("Bearer", gateway.Tokens.Admin());

        using var response = await client.GetAsync("cameras?x=1");
        using var post = await client.PostAsync("cameras/lobby/tickets", null);
        using var probe = await client.GetAsync("healthz");

        Assert.Equal(expected, response.StatusCode);
        Assert.Equal(mode == "LoopbackOnly" ? HttpStatusCode.OK : HttpStatusCode.Forbidden, post.StatusCode);
        Assert.Equal(HttpStatusCode.OK, probe.StatusCode);
        Assert.False(response.Headers.Contains("Strict-Transport-Security"));
        if (expected == HttpStatusCode.PermanentRedirect)
        {
            Assert.Equal(new Uri(gateway.Address, "cameras?x=1"), response.Headers.Location);
        }
    }

    [Fact]
    public async Task Self_signed_certificate_is_kept_in_the_data_folder_and_reused()
    {
        await using var camera = await CameraSimulator.CameraSimulator.StartAsync();
        var dataPath = Directory.CreateTempSubdirectory("mjpeg-gateway-tls-").FullName;
        try
        {
            string first;
            await using (var gateway = await TestGateway.StartAsync(TestGateway.Camera("lobby", camera.VideoUrl, ("Tls:DataPath", dataPath))))
            {
                first = gateway.Certificate.GetCertHashString(HashAlgorithmName.SHA256);
                Assert.Contains(gateway.Logs.Entries, e => e.EventId == 300 && e.Message.Contains("fingerprint", StringComparison.Ordinal));
                Assert.Equal(first, await PresentedFingerprintAsync(gateway.Address));
            }

            Assert.True(File.Exists(Path.Combine(dataPath, "gateway-selfsigned.pfx")));
            await using var again = await TestGateway.StartAsync(TestGateway.Camera("lobby", camera.VideoUrl, ("Tls:DataPath", dataPath)));
            Assert.Equal(first, again.Certificate.GetCertHashString(HashAlgorithmName.SHA256));
        }
        finally
        {
            Directory.Delete(dataPath, recursive: true);
        }
    }

    [Fact]
    public async Task Configured_pem_certificate_is_picked_up_again_when_the_files_change()
    {
        await using var camera = await CameraSimulator.CameraSimulator.StartAsync();
        var folder = Directory.CreateTempSubdirectory("mjpeg-gateway-pem-").FullName;
        try
        {
            var certPath = Path.Combine(folder, "gateway.crt");
            var keyPath = Path.Combine(folder, "gateway.key");
            var (firstCert, firstKey) = MakePem("first");
            await File.WriteAllTextAsync(certPath, firstCert);
            await File.WriteAllTextAsync(keyPath, firstKey);
            await using var gateway = await TestGateway.StartAsync(TestGateway.Camera("lobby", camera.VideoUrl,
                ("Tls:CertificatePath", certPath), ("Tls:KeyPath", keyPath), ("Tls:ReloadCheckSeconds", "0.1")));
            var before = await PresentedFingerprintAsync(gateway.Address);
            Assert.Equal(gateway.Certificate.GetCertHashString(HashAlgorithmName.SHA256), before);

            var (secondCert, secondKey) = MakePem("second");
            await File.WriteAllTextAsync(keyPath, secondKey);
            await File.WriteAllTextAsync(certPath, secondCert);
            File.SetLastWriteTimeUtc(certPath, DateTime.UtcNow.AddSeconds(5));
            var expected = X509Certificate2.CreateFromPem(secondCert).GetCertHashString(HashAlgorithmName.SHA256);

            string? now = null;
            await Eventually.TrueAsync(() =>
            {
                now = PresentedFingerprintAsync(gateway.Address).GetAwaiter().GetResult();
                return now == expected;
            }, "new certificate presented");
            Assert.NotEqual(before, now);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static (string Cert, string Key) MakePem(string name)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=" + name, key, HashAlgorithmName.SHA256);
        using var cert = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1));
        return (cert.ExportCertificatePem(), key.ExportPkcs8PrivateKeyPem());
    }

    private static async Task<string> PresentedFingerprintAsync(Uri address)
    {
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(address.Host, address.Port);
        string? fingerprint = null;
        await using var tls = new SslStream(tcp.GetStream(), false, (_, certificate, _, _) =>
        {
            fingerprint = (certificate as X509Certificate2)?.GetCertHashString(HashAlgorithmName.SHA256);
            return true;
        });
        await tls.AuthenticateAsClientAsync(new SslClientAuthenticationOptions { TargetHost = "localhost" });
        return fingerprint!;
    }
}
