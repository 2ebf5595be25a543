using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace MjpegGateway.Bench;

/// <summary>
/// HTTPS to the gateway for one bench invocation (<c>--tls</c>): the gateway's data folder, where it makes its
/// self-signed certificate on first start and every later gateway of the run reuses it, and trust on first use
/// of that certificate. The first handshake (the health wait) pins its SHA-256; every later handshake, viewers
/// and later gateways alike, must present the same certificate. Loopback only, so nothing else is checked.
/// </summary>
internal sealed class BenchTls : IDisposable
{
    public const string TargetHost = "localhost";

    private const int Sha256Bytes = 32;

    private readonly object _gate = new();
    private byte[]? _pinned;

    public BenchTls()
    {
        // Private (0700) and unique, so nothing else on the box can plant a certificate for the gateway to load.
        DataPath = Directory.CreateTempSubdirectory("mjpeg-bench-tls-").FullName;
        // One options object for every viewer: SslStream copies it at authentication, and sharing keeps set-up cheap.
        ClientOptions = new SslClientAuthenticationOptions
        {
            TargetHost = TargetHost,
            ApplicationProtocols = [SslApplicationProtocol.Http11],
            RemoteCertificateValidationCallback = Validate,
        };
    }

    /// <summary>Passed to the gateway as <c>Tls:DataPath</c>.</summary>
    public string DataPath { get; }

    public SslClientAuthenticationOptions ClientOptions { get; }

    /// <summary>SHA-256 of the pinned certificate as hex, once the first handshake has happened.</summary>
    public string? PinnedSha256
    {
        get
        {
            lock (_gate)
            {
                return _pinned is null ? null : Convert.ToHexString(_pinned);
            }
        }
    }

    /// <summary>Certificate check for every handshake of the run: pins the first certificate seen, then accepts only it.</summary>
    public bool Validate(object sender, X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors)
    {
        // Chain and name errors are expected (self-signed); the pin is the whole check.
        Span<byte> hash = stackalloc byte[Sha256Bytes];
        if (certificate is null || !certificate.TryGetCertHash(HashAlgorithmName.SHA256, hash, out var written) || written != Sha256Bytes)
        {
            return false;
        }

        var pinned = Volatile.Read(ref _pinned);
        if (pinned is null)
        {
            lock (_gate)
            {
                _pinned ??= hash.ToArray();
                pinned = _pinned;
            }
        }

        return hash.SequenceEqual(pinned);
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(DataPath, recursive: true);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            Console.Error.WriteLine($"Could not delete {DataPath}: {ex.Message}");
        }
    }
}
