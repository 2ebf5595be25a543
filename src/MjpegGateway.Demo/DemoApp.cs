using Microsoft.Extensions.Options;
using MjpegGateway.Security;
using MjpegGateway.Tls;

namespace MjpegGateway.Demo;

/// <summary>Builds the gateway with the demo cameras started beside it; shared by <c>Program</c> and the browser tests.</summary>
public static class DemoApp
{
    /// <summary>
    /// The gateway of <see cref="GatewayApp.BuildAsync"/>, plus (when <c>Demo:Enabled</c>) one fake Axis camera on a
    /// loopback port, its cameras in <c>Cameras</c>, the page's demo sign-in and demo tokens printed at start.
    /// </summary>
    public static async Task<WebApplication> BuildAsync(string[] args, Action<WebApplicationBuilder>? configure = null, CancellationToken cancellationToken = default)
    {
        DemoCameras? demo = null;
        var app = await GatewayApp.BuildAsync(args, configure, async (builder, token) =>
        {
            var options = builder.Configuration.GetSection(DemoOptions.Section).Get<DemoOptions>() ?? new DemoOptions();
            if (!options.Enabled)
            {
                return;
            }

            demo = await DemoCameras.StartAsync(options, builder.Configuration, token);
            builder.Services.AddSingleton(demo);
            builder.Services.AddSingleton<WebViewer.IDemoSignIn>(demo);
            builder.Services.AddHostedService(sp => sp.GetRequiredService<DemoCameras>());
        }, cancellationToken);

        if (demo is not null)
        {
            app.Lifetime.ApplicationStarted.Register(() => PrintDemoUrls(app, demo));
        }

        return app;
    }

    private static void PrintDemoUrls(WebApplication app, DemoCameras demo)
    {
        var addresses = GatewayApp.Addresses(app).Select(a => a.Replace("://[::]", "://localhost", StringComparison.Ordinal)
            .Replace("://0.0.0.0", "://localhost", StringComparison.Ordinal)
            .Replace("://+", "://localhost", StringComparison.Ordinal)
            .Replace("://*", "://localhost", StringComparison.Ordinal)).ToList();
        var address = addresses.FirstOrDefault(a => a.StartsWith("https://", StringComparison.Ordinal)) ?? addresses.FirstOrDefault() ?? "https://localhost:8443";
        var auth = app.Services.GetRequiredService<IOptions<AuthOptions>>().Value;
        var time = app.Services.GetRequiredService<TimeProvider>();
        var certificate = app.Services.GetRequiredService<ServerCertificate>();
        var lifetime = TimeSpan.FromHours(DemoOptions.TokenLifetimeHours);
        var admin = TokenMinter.Mint(auth, "demo-admin", [GatewayRoles.Admin], ["*"], lifetime, time);
        var viewer = TokenMinter.Mint(auth, "demo-viewer", [GatewayRoles.Viewer], ["demo-*"], lifetime, time);
        var first = demo.CameraIds[0];
        Console.WriteLine($"""

            MjpegGateway demo is running with {demo.CameraIds.Count} fake Axis cameras at {address}
            Open {address}/ in a browser and click "Demo sign-in" to watch the camera grid.
            TLS certificate (self-signed unless Tls:CertificatePath is set), SHA-256 fingerprint:
              {certificate.Fingerprint}

            Demo tokens, valid for {DemoOptions.TokenLifetimeHours} hours (printed only in demo mode):
              admin (all cameras):  {admin}
              viewer (demo-*):      {viewer}

            Try it:
              curl -k -H "Authorization: Bearer {viewer}" {address}/cameras
              curl -k -H "Authorization: Bearer {viewer}" {address}/cameras/{first}/snapshot -o snapshot.jpg
              curl -k -X POST -H "Authorization: Bearer {viewer}" {address}/cameras/{first}/tickets
            A browser can watch the stream with the ticket URL from the last command (single use, valid 30 s):
              {address}/cameras/{first}/stream?ticket=...

            """);
    }
}
