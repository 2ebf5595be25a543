using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.Extensions.Configuration.Json;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Logging.Console;
using MjpegGateway.Admin;
using MjpegGateway.Cameras;
using MjpegGateway.Cluster;
using MjpegGateway.Configuration;
using MjpegGateway.RateLimiting;
using MjpegGateway.Streaming;
using MjpegGateway.Tls;
using MjpegGateway.Transport;
using MjpegGateway.Health;
using MjpegGateway.Lifecycle;
using MjpegGateway.Security;
using MjpegGateway.Telemetry;
using MjpegGateway.Vapix;
using MjpegGateway.WebViewer;

namespace MjpegGateway;

/// <summary>Builds the gateway application; shared by <c>Program</c> and the tests.</summary>
public static class GatewayApp
{
    private const string OperatorFile = "appsettings.json";
    private const int DefaultHttpsPort = 8443;
    private const int DefaultHttpPort = 8080;

    /// <summary>
    /// Builds the gateway. <paramref name="configure"/> lets tests add configuration and bind ports before
    /// the services read it; <paramref name="host"/> lets a host (the demo) add its own parts once the
    /// configuration is complete.
    /// </summary>
    public static async Task<WebApplication> BuildAsync(
        string[] args,
        Action<WebApplicationBuilder>? configure = null,
        Func<WebApplicationBuilder, CancellationToken, Task>? host = null,
        CancellationToken cancellationToken = default)
    {
        var builder = CreateBuilder(args, configure);

        if (host is not null)
        {
            await host(builder, cancellationToken);
        }

        UseHttpsByDefault(builder);
        builder.UseStreamingTransport();
        // The hosting diagnostics log every request line with its query string, which may carry a ticket.
        // Our own request log (Security/SecurityMiddleware) writes the same facts with secrets masked.
        builder.Logging.AddFilter("Microsoft.AspNetCore.Hosting.Diagnostics", LogLevel.Warning);

        builder.Services.AddProblemDetails();
        // First: with Cluster:Redis set, its Redis implementations of tickets, caps, rate limits and upstream sources win.
        builder.Services.AddCluster(builder.Configuration);
        builder.Services.AddGatewayConfiguration(builder.Configuration);
        builder.AddGatewayTls();
        builder.AddGatewaySecurity();
        builder.Services.AddGatewayRateLimiting(builder.Configuration);
        builder.Services.AddCameras(builder.Configuration);
        builder.Services.AddStreaming();
        builder.Services.AddGatewayTelemetry(builder.Configuration);
        builder.Services.AddGatewayDrain(builder.Configuration);
        builder.Services.AddStartupHeapCompaction();
        builder.Services.AddGatewayHealth();
        builder.Services.AddVapixPassThrough(builder.Configuration);
        builder.Services.ConfigureHttpJsonOptions(o => o.SerializerOptions.PropertyNamingPolicy = System.Text.Json.JsonNamingPolicy.CamelCase);

        // Last, so a data-protection registration made by any of the above is caught (Security/KeyRingPreload).
        builder.Services.RemoveKeyRingPreload();
        var app = builder.Build();
        try
        {
            StartupConfigurationCheck.ThrowIfInvalid(app.Services);
        }
        catch (InvalidConfigurationException)
        {
            // Flushes the loggers (the console logger writes from a queue) before the process exits.
            await app.DisposeAsync();
            throw;
        }

        app.UseExceptionHandler();
        app.UseClusterRelay();
        app.UseStatusCodePages();
        app.UseGatewaySecurity();
        app.ValidateRateLimits();
        app.UseViewerPage();
        app.MapCameraEndpoints();
        app.MapGatewayHealth();
        app.MapGatewayTelemetry();
        app.MapAdminApi();
        app.MapVapixPassThrough();
        app.MapViewerEndpoints();

        return app;
    }

    /// <summary>The bound addresses (after start), e.g. to find port 0's real port.</summary>
    public static IReadOnlyCollection<string> Addresses(WebApplication app) =>
        app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses.ToArray() ?? [];

    // Configuration files are read as they are added: a file that is not valid JSON fails here, before any logging
    // is set up, so the problem travels as an InvalidConfigurationException naming the file, not as a stack trace.
    private static WebApplicationBuilder CreateBuilder(string[] args, Action<WebApplicationBuilder>? configure)
    {
        try
        {
            // The slim builder leaves out what the gateway never uses and would otherwise load at start: IIS
            // integration, HTTP/3 (QUIC), the Debug and EventSource loggers (docs/benchmarks.md, issue 10). HTTPS from
            // URLs and Kestrel:Endpoints is put back; the console logger keeps the operator's formatter (below).
            var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = args });
            builder.WebHost.UseKestrelHttpsConfiguration();
            KeepConsoleFormatterFromSettings(builder);
            AddOperatorFile(builder);
            configure?.Invoke(builder);
            LastGoodJsonConfigurationSource.ApplyTo(builder.Configuration);
            return builder;
        }
        catch (InvalidDataException ex)
        {
            // "Failed to load configuration from file '/app/appsettings.json'." plus the parser's line and position.
            var detail = ex.GetBaseException().Message;
            throw new InvalidConfigurationException([ReferenceEquals(ex.GetBaseException(), ex) ? ex.Message : $"{ex.Message} {detail}"], logged: false);
        }
    }

    // The slim builder pins the console logger to its simple formatter; an operator's Logging:Console:FormatterName
    // (json for a log collector, systemd) still wins, as it does with the default builder, and follows reloads.
    private static void KeepConsoleFormatterFromSettings(WebApplicationBuilder builder) =>
        builder.Services.AddOptions<ConsoleLoggerOptions>().PostConfigure<IConfiguration>((console, configuration) =>
        {
            if (configuration["Logging:Console:FormatterName"] is { Length: > 0 } formatter)
            {
                console.FormatterName = formatter;
            }
        });

    // With no address configured anywhere, serve HTTPS on 8443 and plain HTTP (redirects, probes) on 8080,
    // rather than Kestrel's plain-HTTP localhost:5000.
    private static void UseHttpsByDefault(WebApplicationBuilder builder)
    {
        if (!ListenAddresses.AnyConfigured(builder.Configuration))
        {
            builder.WebHost.UseUrls("https://*:" + DefaultHttpsPort, "http://*:" + DefaultHttpPort);
        }
    }

    // The operator's appsettings.json sits at the repository root and is copied beside the binaries; the
    // content root (the project folder under `dotnet run`) has none, so read the copy, at the same precedence.
    private static void AddOperatorFile(WebApplicationBuilder builder)
    {
        if (File.Exists(Path.Combine(builder.Environment.ContentRootPath, OperatorFile))
            || !File.Exists(Path.Combine(AppContext.BaseDirectory, OperatorFile)))
        {
            return;
        }

        var sources = builder.Configuration.Sources;
        var index = sources.ToList().FindIndex(s => s is JsonConfigurationSource { Path: OperatorFile });
        var source = new JsonConfigurationSource
        {
            Path = OperatorFile,
            Optional = true,
            ReloadOnChange = true,
            FileProvider = new PhysicalFileProvider(AppContext.BaseDirectory),
        };
        if (index >= 0)
        {
            sources[index] = source;
        }
        else
        {
            sources.Insert(0, source);
        }
    }
}
