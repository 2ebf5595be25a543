using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using MjpegGateway.Tests.Infrastructure;

namespace MjpegGateway.Tests.Security;

/// <summary>
/// A certificate issued by an intermediate CA (Let's Encrypt, cert-manager) is served with the chain from its file, so a
/// client that trusts only the root, and fetches nothing, accepts it. The chain is never looked up on the network.
/// </summary>
public sealed class CertificateChainTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("mjpeg-gateway-chain-").FullName;

    [Theory]
    [InlineData("full-chain pem", true)]
    [InlineData("pfx with its chain", true)]
    [InlineData("leaf-only pem", false)]
    public async Task The_intermediate_in_the_certificate_file_is_sent_with_the_certificate(string file, bool chainInFile)
    {
        using var root = Authority("CN=Test Root CA", issuer: null);
        using var intermediate = Authority("CN=Test Intermediate CA", root);
        using var leafKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var leaf = Leaf(leafKey, intermediate);
        var settings = Files(file, leaf, leafKey, intermediate);
        await using var camera = await CameraSimulator.CameraSimulator.StartAsync();
        await using var gateway = await TestGateway.StartAsync(TestGateway.Camera("lobby", camera.VideoUrl, settings));

        var errors = await HandshakeTrustingOnlyAsync(gateway, root);

        // Without the intermediate the same client cannot build the chain: the check can fail.
        Assert.Equal(chainInFile ? SslPolicyErrors.None : SslPolicyErrors.RemoteCertificateChainErrors, errors);
    }

    private (string, string?)[] Files(string file, X509Certificate2 leaf, ECDsa leafKey, X509Certificate2 intermediate)
    {
        var certPath = Path.Combine(_folder, file.StartsWith("pfx", StringComparison.Ordinal) ? "gateway.pfx" : "gateway.crt");
        if (file.StartsWith("pfx", StringComparison.Ordinal))
        {
            using var withKey = leaf.CopyWithPrivateKey(leafKey);
            File.WriteAllBytes(certPath, new X509Certificate2Collection { withKey, intermediate }.Export(X509ContentType.Pfx)!);
            return [("Tls:CertificatePath", certPath)];
        }

        var keyPath = Path.Combine(_folder, "gateway.key");
        File.WriteAllText(certPath, leaf.ExportCertificatePem() + "\n" + (file.StartsWith("full", StringComparison.Ordinal) ? intermediate.ExportCertificatePem() + "\n" : string.Empty));
        File.WriteAllText(keyPath, leafKey.ExportPkcs8PrivateKeyPem());
        return [("Tls:CertificatePath", certPath), ("Tls:KeyPath", keyPath)];
    }

    private static X509Certificate2 Authority(string name, X509Certificate2? issuer)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(name, key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        var (from, to) = (DateTimeOffset.UtcNow.AddHours(-1), DateTimeOffset.UtcNow.AddDays(2));
        if (issuer is null)
        {
            return request.CreateSelfSigned(from, to);
        }

        using var signed = request.Create(issuer, from, to, RandomNumberGenerator.GetBytes(8));
        return signed.CopyWithPrivateKey(key);
    }

    private static X509Certificate2 Leaf(ECDsa key, X509Certificate2 issuer)
    {
        var request = new CertificateRequest("CN=localhost", key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName("localhost");
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        return request.Create(issuer, DateTimeOffset.UtcNow.AddMinutes(-30), DateTimeOffset.UtcNow.AddDays(1), RandomNumberGenerator.GetBytes(8));
    }

    // A client like curl with a private CA bundle: trusts the root alone and downloads nothing.
    private static async Task<SslPolicyErrors> HandshakeTrustingOnlyAsync(TestGateway gateway, X509Certificate2 root)
    {
        var errors = (SslPolicyErrors)(-1);
        var policy = new X509ChainPolicy
        {
            TrustMode = X509ChainTrustMode.CustomRootTrust,
            DisableCertificateDownloads = true,
            RevocationMode = X509RevocationMode.NoCheck,
        };
        policy.CustomTrustStore.Add(root);
        await using var _ = await gateway.ConnectRawAsync(tls: new SslClientAuthenticationOptions
        {
            TargetHost = "localhost",
            CertificateChainPolicy = policy,
            RemoteCertificateValidationCallback = (_, _, _, sslErrors) =>
            {
                errors = sslErrors;
                return true;
            },
        });
        return errors;
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);
}
