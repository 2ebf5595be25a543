using System.Security.Cryptography;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Playwright;
using MjpegGateway.Tls;

namespace MjpegGateway.BrowserTests.Infrastructure;

/// <summary>
/// One headless Debian Chromium for the whole suite, driven by Playwright (its own browser download is never used).
/// Every test gateway presents the same self-signed certificate, made here first, and Chromium trusts exactly that
/// certificate's key (<c>--ignore-certificate-errors-spki-list</c>), not every certificate.
/// </summary>
public sealed class ChromiumBrowser : IAsyncLifetime
{
    /// <summary>Debian's package puts its launcher here; <c>.ci/run</c> installs it.</summary>
    public const string ExecutablePath = "/usr/bin/chromium";

    private IPlaywright? _playwright;
    private IBrowser? _browser;

    /// <summary>Folder holding the shared self-signed certificate; give it to gateways as <c>Tls:DataPath</c>.</summary>
    public string CertificateFolder { get; } = Directory.CreateTempSubdirectory("mjpeg-browser-tests-tls-").FullName;

    public IBrowser Browser => _browser ?? throw new InvalidOperationException("Chromium is not running.");

    public async Task InitializeAsync()
    {
        if (!File.Exists(ExecutablePath))
        {
            throw new InvalidOperationException($"{ExecutablePath} is missing: install Debian's chromium package (apt-get install -y chromium), as .ci/run does.");
        }

        var certificate = new ServerCertificate(Options.Create(new TlsOptions { DataPath = CertificateFolder }), TimeProvider.System, NullLogger<ServerCertificate>.Instance).Current;
        var spki = Convert.ToBase64String(SHA256.HashData(certificate.PublicKey.ExportSubjectPublicKeyInfo()));

        _playwright = await Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ExecutablePath,
            Headless = true,
            Args =
            [
                "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--ignore-certificate-errors-spki-list=" + spki,
            ],
        });
    }

    public async Task DisposeAsync()
    {
        if (_browser is not null)
        {
            await _browser.CloseAsync();
        }

        _playwright?.Dispose();
        try
        {
            Directory.Delete(CertificateFolder, recursive: true);
        }
        catch (IOException)
        {
            // Best effort: a temp folder.
        }
    }
}
