using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using MjpegGateway.CameraSimulator.Auth;
using MjpegGateway.CameraSimulator.Diagnostics;
using MjpegGateway.CameraSimulator.Faults;
using MjpegGateway.CameraSimulator.Vapix;

namespace MjpegGateway.CameraSimulator.Hosting;

/// <summary>
/// Builds the simulator's web application. The standalone program and <see cref="CameraSimulator.StartAsync"/>
/// differ only in the builder they pass in.
/// </summary>
internal static class SimulatorApp
{
    /// <summary>Streams are aborted before stopping, so anything still running after this is stuck.</summary>
    private static readonly TimeSpan ShutdownTimeout = TimeSpan.FromSeconds(2);

    /// <summary>
    /// A builder for in-process use: it reads no configuration, environment or appsettings of the host process
    /// (a test's or the gateway's) and logs warnings only, so tests stay quiet.
    /// </summary>
    public static WebApplicationBuilder CreateEmbeddedBuilder()
    {
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions
        {
            ApplicationName = typeof(SimulatorApp).Assembly.GetName().Name,
        });
        builder.WebHost.UseKestrelCore();
        builder.Logging.AddConsole().SetMinimumLevel(LogLevel.Warning);
        return builder;
    }

    /// <param name="builder">The host builder; when its configuration names URLs (<c>--urls</c>) those are used.</param>
    /// <param name="state">State that survives restarts.</param>
    /// <param name="port">Port on 127.0.0.1 when no URLs are configured; 0 = ephemeral.</param>
    public static WebApplication Build(WebApplicationBuilder builder, SimulatorState state, int port)
    {
        var urlsConfigured = !string.IsNullOrEmpty(builder.Configuration[WebHostDefaults.ServerUrlsKey])
            || !string.IsNullOrEmpty(builder.Configuration[WebHostDefaults.HttpPortsKey]);
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            // A camera does not police slow readers: it lets TCP backpressure stall its writes. A Stall fault also
            // sends nothing for as long as it lasts, which Kestrel must not mistake for a dead client.
            kestrel.Limits.MinResponseDataRate = null;

            // Cameras speak HTTP/1.x only.
            kestrel.ConfigureEndpointDefaults(listen => listen.Protocols = HttpProtocols.Http1);
            if (!urlsConfigured)
            {
                kestrel.Listen(IPAddress.Loopback, port);
            }
        });

        var services = builder.Services;
        services.Configure<HostOptions>(host => host.ShutdownTimeout = ShutdownTimeout);
        services.AddRouting();
        services.AddSingleton(state.Options);
        services.AddSingleton(state.Faults);
        services.AddSingleton(state.TimeProvider);
        services.AddSingleton(state.Counters);
        services.AddSingleton(state.Requests);
        services.AddSingleton(state.InFlight);
        services.AddSingleton(state.Nonces);
        services.AddSingleton<BasicAuthenticator>();
        services.AddSingleton<DigestAuthenticator>();
        services.AddSingleton(state.Ptz);
        services.AddSingleton(state.Parameters);
        services.AddVapix();

        var app = builder.Build();

        // Order matters: record everything, then faults that precede auth (a dead camera checks no password), then auth.
        app.UseMiddleware<RequestTrackingMiddleware>();
        app.UseMiddleware<CameraBannerMiddleware>();
        app.UseMiddleware<ConnectionFaultMiddleware>();
        app.UseMiddleware<CameraAuthenticationMiddleware>();
        app.MapVapix();
        return app;
    }

    /// <summary>The addresses Kestrel actually bound, valid after the application started.</summary>
    public static IReadOnlyList<Uri> GetBaseAddresses(WebApplication app)
    {
        var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
        return [.. addresses.Select(address => new Uri(address.TrimEnd('/') + "/"))];
    }

    public static Uri GetVideoUrl(Uri baseAddress) => new(baseAddress, VideoCgi.Path.TrimStart('/'));

    public static ILogger CreateLogger(WebApplication app) =>
        app.Services.GetRequiredService<ILoggerFactory>().CreateLogger(SimulatorLog.Category);
}
