using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Options;

namespace MjpegGateway.Tls;

/// <summary>
/// The certificate Kestrel presents. Loads the configured PEM or PFX and picks up a replaced file without a
/// restart (checked at most every <see cref="TlsOptions.ReloadCheckSeconds"/>, on handshakes); without one,
/// makes a self-signed certificate once and keeps it in the data folder.
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
    private X509Certificate2 _current;
    private DateTime _loadedWriteTime;
    private long _nextCheck;

    public ServerCertificate(IOptions<TlsOptions> options, TimeProvider time, ILogger<ServerCertificate> logger)
    {
        _options = options.Value;
        _time = time;
        _logger = logger;
        _current = string.IsNullOrEmpty(_options.CertificatePath) ? LoadOrCreateSelfSigned() : LoadConfigured();
    }

    /// <summary>The certificate in use now.</summary>
    public X509Certificate2 Current
    {
        get
        {
            ReloadIfChanged();
            return _current;
        }
    }

    /// <summary>SHA-256 fingerprint of <see cref="Current"/>, as hex pairs separated by colons.</summary>
    public string Fingerprint => FingerprintOf(Current);

    /// <summary>SHA-256 fingerprint of a certificate, as hex pairs separated by colons.</summary>
    public static string FingerprintOf(X509Certificate2 certificate) =>
        string.Join(':', certificate.GetCertHash(HashAlgorithmName.SHA256).Select(b => b.ToString("X2", System.Globalization.CultureInfo.InvariantCulture)));

    /// <summary>The folder the self-signed certificate is kept in.</summary>
    public static string DataFolder(TlsOptions options) =>
        options.DataPath ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData, Environment.SpecialFolderOption.Create), "MjpegGateway");

    private void ReloadIfChanged()
    {
        if (string.IsNullOrEmpty(_options.CertificatePath))
        {
            return;
        }

        var now = _time.GetTimestamp();
        if (now < Volatile.Read(ref _nextCheck))
        {
            return;
        }

        lock (_gate)
        {
            Volatile.Write(ref _nextCheck, now + (long)(_options.ReloadCheckSeconds * _time.TimestampFrequency));
            var writeTime = LatestWriteTime();
            if (writeTime == _loadedWriteTime)
            {
                return;
            }

            try
            {
                _current = LoadConfigured();
            }
            catch (Exception ex) when (ex is CryptographicException or IOException or UnauthorizedAccessException)
            {
                // A half-written file during a certificate rotation must not take TLS down.
                TlsLog.LoadFailed(_logger, _options.CertificatePath, ex);
                _loadedWriteTime = writeTime;
            }
        }
    }

    private DateTime LatestWriteTime()
    {
        var cert = File.GetLastWriteTimeUtc(_options.CertificatePath!);
        var key = string.IsNullOrEmpty(_options.KeyPath) ? DateTime.MinValue : File.GetLastWriteTimeUtc(_options.KeyPath);
        return cert > key ? cert : key;
    }

    private X509Certificate2 LoadConfigured()
    {
        var path = _options.CertificatePath!;
        _loadedWriteTime = LatestWriteTime();
        X509Certificate2 certificate;
        if (path.EndsWith(".pfx", StringComparison.OrdinalIgnoreCase) || path.EndsWith(".p12", StringComparison.OrdinalIgnoreCase))
        {
            certificate = X509CertificateLoader.LoadPkcs12FromFile(path, _options.Password);
        }
        else
        {
            var keyPath = string.IsNullOrEmpty(_options.KeyPath) ? null : _options.KeyPath;
            certificate = string.IsNullOrEmpty(_options.Password)
                ? X509Certificate2.CreateFromPemFile(path, keyPath)
                : X509Certificate2.CreateFromEncryptedPemFile(path, _options.Password, keyPath);
        }

        TlsLog.Loaded(_logger, path, certificate.Subject, certificate.NotAfter.ToUniversalTime(), FingerprintOf(certificate));
        return certificate;
    }

    private X509Certificate2 LoadOrCreateSelfSigned()
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
        return certificate;
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
