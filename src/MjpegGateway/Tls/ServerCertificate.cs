using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Options;

namespace MjpegGateway.Tls;

/// <summary>
/// The certificate Kestrel presents. Loads the configured PEM or PFX and picks up a replaced file without a
/// restart (checked at most every <see cref="TlsOptions.ReloadCheckSeconds"/>, on handshakes); without one,
/// makes a self-signed certificate once and keeps it in the data folder. The other certificates in the file (a
/// full-chain PEM, a PFX with its chain) are sent with it as the chain.
/// </summary>
public sealed class ServerCertificate
{
    private const string SelfSignedFile = "gateway-selfsigned.pfx";
    private static readonly TimeSpan SelfSignedLifetime = TimeSpan.FromDays(365);
    private static readonly TimeSpan RenewBefore = TimeSpan.FromDays(30);

    private readonly TlsOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly object _gate = new();
    private Loaded _current;
    private DateTime _loadedWriteTime;
    private long _nextCheck;

    public ServerCertificate(IOptions<TlsOptions> options, TimeProvider time, ILogger<ServerCertificate> logger)
    {
        _options = options.Value;
        _time = time;
        _logger = logger;
        _current = string.IsNullOrEmpty(_options.CertificatePath) ? LoadOrCreateSelfSigned() : LoadConfigured();
    }

    /// <summary>A loaded certificate and the TLS context made from it, swapped together.</summary>
    private sealed record Loaded(X509Certificate2 Certificate, SslStreamCertificateContext Context);

    /// <summary>The certificate in use now.</summary>
    public X509Certificate2 Current => ReloadIfChanged().Certificate;

    /// <summary>
    /// The certificate in use now with its chain, made once per load. A handshake given this context reuses it (and the
    /// OpenSSL server context .NET keeps for it); a handshake given only the certificate builds both again, which cut
    /// the gateway's handshakes per second by a third (docs/benchmarks.md, issue 10).
    /// </summary>
    public SslStreamCertificateContext Context => ReloadIfChanged().Context;

    /// <summary>SHA-256 fingerprint of <see cref="Current"/>, as hex pairs separated by colons.</summary>
    public string Fingerprint => FingerprintOf(Current);

    /// <summary>SHA-256 fingerprint of a certificate, as hex pairs separated by colons.</summary>
    public static string FingerprintOf(X509Certificate2 certificate) =>
        string.Join(':', certificate.GetCertHash(HashAlgorithmName.SHA256).Select(b => b.ToString("X2", System.Globalization.CultureInfo.InvariantCulture)));

    /// <summary>The folder the self-signed certificate is kept in.</summary>
    public static string DataFolder(TlsOptions options) =>
        options.DataPath ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData, Environment.SpecialFolderOption.Create), "MjpegGateway");

    private Loaded ReloadIfChanged()
    {
        if (string.IsNullOrEmpty(_options.CertificatePath))
        {
            return Volatile.Read(ref _current);
        }

        var now = _time.GetTimestamp();
        if (now < Volatile.Read(ref _nextCheck))
        {
            return Volatile.Read(ref _current);
        }

        lock (_gate)
        {
            Volatile.Write(ref _nextCheck, now + (long)(_options.ReloadCheckSeconds * _time.TimestampFrequency));
            var writeTime = LatestWriteTime();
            if (writeTime == _loadedWriteTime)
            {
                return _current;
            }

            try
            {
                Volatile.Write(ref _current, LoadConfigured());
            }
            catch (Exception ex) when (ex is CryptographicException or IOException or UnauthorizedAccessException)
            {
                // A half-written file during a certificate rotation must not take TLS down.
                TlsLog.LoadFailed(_logger, _options.CertificatePath, ex);
                _loadedWriteTime = writeTime;
            }

            return _current;
        }
    }

    private DateTime LatestWriteTime()
    {
        var cert = File.GetLastWriteTimeUtc(_options.CertificatePath!);
        var key = string.IsNullOrEmpty(_options.KeyPath) ? DateTime.MinValue : File.GetLastWriteTimeUtc(_options.KeyPath);
        return cert > key ? cert : key;
    }

    private Loaded LoadConfigured()
    {
        var path = _options.CertificatePath!;
        _loadedWriteTime = LatestWriteTime();
        X509Certificate2 certificate;
        X509Certificate2Collection inFile;
        if (path.EndsWith(".pfx", StringComparison.OrdinalIgnoreCase) || path.EndsWith(".p12", StringComparison.OrdinalIgnoreCase))
        {
            inFile = X509CertificateLoader.LoadPkcs12CollectionFromFile(path, _options.Password);
            certificate = inFile.FirstOrDefault(c => c.HasPrivateKey)
                ?? throw new CryptographicException($"'{path}' holds no certificate with a private key.");
        }
        else
        {
            var keyPath = string.IsNullOrEmpty(_options.KeyPath) ? null : _options.KeyPath;
            certificate = string.IsNullOrEmpty(_options.Password)
                ? X509Certificate2.CreateFromPemFile(path, keyPath)
                : X509Certificate2.CreateFromEncryptedPemFile(path, _options.Password, keyPath);
            inFile = [];
            inFile.ImportFromPemFile(path);
        }

        // The file's other certificates are the chain (a full-chain PEM, a PFX with its CA certificates), sent as they
        // are: nothing is fetched from the network, at start or per handshake.
        var chain = new X509Certificate2Collection(inFile.Where(c => !c.RawDataMemory.Span.SequenceEqual(certificate.RawDataMemory.Span)).ToArray());
        TlsLog.Loaded(_logger, path, certificate.Subject, certificate.NotAfter.ToUniversalTime(), FingerprintOf(certificate));
        return new Loaded(certificate, SslStreamCertificateContext.Create(certificate, chain, offline: true));
    }

    private Loaded LoadOrCreateSelfSigned()
    {
        var folder = DataFolder(_options);
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, SelfSignedFile);
        X509Certificate2? certificate = null;
        if (File.Exists(path))
        {
            try
            {
                certificate = X509CertificateLoader.LoadPkcs12FromFile(path, password: null);
                if (certificate.NotAfter.ToUniversalTime() - _time.GetUtcNow().UtcDateTime < RenewBefore)
                {
                    certificate = null;
                }
            }
            catch (CryptographicException)
            {
                certificate = null;
            }
        }

        if (certificate is null)
        {
            var pfx = CreateSelfSigned();
            var temporary = path + ".tmp";
            File.WriteAllBytes(temporary, pfx);
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(temporary, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            }

            File.Move(temporary, path, overwrite: true);
            certificate = X509CertificateLoader.LoadPkcs12(pfx, password: null);
        }

        TlsLog.SelfSigned(_logger, path, FingerprintOf(certificate));
        return new Loaded(certificate, SslStreamCertificateContext.Create(certificate, additionalCertificates: null, offline: true));
    }

    private byte[] CreateSelfSigned()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=MjpegGateway self-signed", key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName("localhost");
        names.AddDnsName(Environment.MachineName);
        names.AddIpAddress(System.Net.IPAddress.Loopback);
        names.AddIpAddress(System.Net.IPAddress.IPv6Loopback);
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        var now = _time.GetUtcNow();
        using var certificate = request.CreateSelfSigned(now.AddMinutes(-5), now.Add(SelfSignedLifetime));
        return certificate.Export(X509ContentType.Pfx);
    }
}
