using System.Security.Cryptography;
using Microsoft.Extensions.Options;
using MjpegGateway.Cameras;
using MjpegGateway.Configuration;
using MjpegGateway.Lifecycle;
using MjpegGateway.RateLimiting;
using MjpegGateway.Security;
using MjpegGateway.Telemetry;
using MjpegGateway.Tls;
using MjpegGateway.Vapix;

namespace MjpegGateway;

/// <summary>
/// Reads every gateway-wide section once, before anything serves, and collects every problem (each naming its key or
/// file) instead of failing on the first one with a stack trace. Cameras are not here: a camera with bad settings is
/// reported and skipped while the others run (<see cref="CameraConfigReader"/>).
/// </summary>
internal static class StartupConfigurationCheck
{
    /// <summary>Every problem found; empty when the gateway can start.</summary>
    public static IReadOnlyList<string> Run(IServiceProvider services)
    {
        var problems = new List<string>();
        // These carry validators registered with ValidateOnStart: reading them runs those.
        Read<AuthOptions>(services, problems);
        Read<GatewayOptions>(services, problems);
        Read<TelemetryOptions>(services, problems);
        Read<VapixOptions>(services, problems);
        Read<ShutdownOptions>(services, problems);
        // Sections also read live (through IOptionsMonitor) are checked here once rather than through a registered
        // validator, which would make a later bad edit throw on every request instead of keeping the last good value.
        Read(services, problems, new SecurityOptionsValidator());
        Read(services, problems, new RateLimitOptionsValidator());
        Read(services, problems, new StreamCapOptionsValidator());
        Read(services, problems, new TicketOptionsValidator());
        var tlsValid = Read(services, problems, new TlsOptionsValidator());
        // A gateway with plain-HTTP endpoints only (TLS ends at a proxy in front of it) never presents a certificate:
        // loading one, or creating and keeping a self-signed one, would cost 7.6 MB of RSS for nothing
        // (docs/benchmarks.md, issue 10). Kestrel loads it at bind time wherever an HTTPS endpoint is added in code.
        if (tlsValid && ListenAddresses.AnyHttps(services.GetRequiredService<IConfiguration>()))
        {
            LoadCertificate(services, problems);
        }

        return problems;
    }

    /// <summary>Logs each problem and throws <see cref="InvalidConfigurationException"/> when there is any.</summary>
    public static void ThrowIfInvalid(IServiceProvider services)
    {
        var problems = Run(services);
        if (problems.Count == 0)
        {
            return;
        }

        var logger = services.GetRequiredService<ILoggerFactory>().CreateLogger(ConfigurationLog.Category);
        foreach (var problem in problems)
        {
            ConfigurationLog.Invalid(logger, problem);
        }

        throw new InvalidConfigurationException(problems, logged: true);
    }

    private static bool Read<T>(IServiceProvider services, List<string> problems, IValidateOptions<T>? validator = null)
        where T : class
    {
        try
        {
            var value = services.GetRequiredService<IOptions<T>>().Value;
            var result = validator?.Validate(Options.DefaultName, value);
            if (result is { Failed: true })
            {
                problems.AddRange(result.Failures ?? [result.FailureMessage]);
                return false;
            }

            return true;
        }
        catch (OptionsValidationException ex)
        {
            problems.AddRange(ex.Failures);
        }
        catch (InvalidOperationException ex)
        {
            // The binder's message names the key and the target type ("Failed to convert configuration value at
            // 'Gateway:MaxViewersTotal' to type 'System.Int32'."), not the value.
            problems.Add(ex.Message);
        }

        return false;
    }

    // Loaded now rather than at the first TLS handshake, so a missing or unreadable certificate, or a data folder the
    // gateway cannot write its self-signed certificate to, stops the start with a line naming the key and file.
    private static void LoadCertificate(IServiceProvider services, List<string> problems)
    {
        try
        {
            _ = services.GetRequiredService<ServerCertificate>();
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or CryptographicException or ArgumentException)
        {
            var tls = services.GetRequiredService<IOptions<TlsOptions>>().Value;
            problems.Add(string.IsNullOrEmpty(tls.CertificatePath)
                ? $"{TlsOptions.Section}:DataPath: cannot keep the self-signed certificate in '{ServerCertificate.DataFolder(tls)}': {ex.Message}"
                : $"{TlsOptions.Section}:CertificatePath: cannot load '{tls.CertificatePath}'{(string.IsNullOrEmpty(tls.KeyPath) ? string.Empty : $" with key '{tls.KeyPath}'")}: {ex.Message}");
        }
    }
}
