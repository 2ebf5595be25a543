using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using MjpegGateway.Cameras;

namespace MjpegGateway.Tests.Infrastructure;

/// <summary>The real gateway on Kestrel, bound to an ephemeral loopback port, with captured logs.</summary>
public sealed class TestGateway : IAsyncDisposable
{
    private readonly WebApplication _app;

    private TestGateway(WebApplication app, CapturedLogs logs, Uri address)
    {
        _app = app;
        Logs = logs;
        Address = address;
        Client = new HttpClient(new SocketsHttpHandler { UseProxy = false, MaxConnectionsPerServer = int.MaxValue })
        {
            BaseAddress = address,
            Timeout = TimeSpan.FromSeconds(60),
        };
    }

    public Uri Address { get; }

    public HttpClient Client { get; }

    public CapturedLogs Logs { get; }

    public IServiceProvider Services => _app.Services;

    public CameraCatalog Catalog => Services.GetRequiredService<CameraCatalog>();

    public static async Task<TestGateway> StartAsync(IDictionary<string, string?> settings)
    {
        var logs = new CapturedLogs();
        var app = await GatewayApp.BuildAsync([], builder =>
        {
            builder.WebHost.UseUrls("http://127.0.0.1:0");
            builder.Configuration.AddInMemoryCollection(settings);
            builder.Logging.ClearProviders();
            builder.Logging.SetMinimumLevel(LogLevel.Debug);
            builder.Logging.AddProvider(logs);
        });
        await app.StartAsync();
        var address = GatewayApp.Addresses(app).Single();
        return new TestGateway(app, logs, new Uri(address + "/"));
    }

    /// <summary>Settings for one camera at <paramref name="videoUrl"/> under <c>Cameras:{id}</c>.</summary>
    public static Dictionary<string, string?> Camera(string id, Uri videoUrl, params (string Key, string? Value)[] extra)
    {
        var settings = new Dictionary<string, string?>
        {
            [$"Cameras:{id}:Url"] = videoUrl.ToString(),
            [$"Cameras:{id}:Profiles:hd"] = "resolution=320x180&fps=15",
            [$"Cameras:{id}:Profiles:low"] = "resolution=160x90&fps=5",
            // Fast failure handling so tests observe reconnects quickly.
            ["Gateway:Reconnect:InitialDelaySeconds"] = "0.1",
            ["Gateway:Reconnect:MaxDelaySeconds"] = "2",
            ["Gateway:Reconnect:RefusedMinDelaySeconds"] = "1",
        };
        foreach (var (key, value) in extra)
        {
            var global = key.StartsWith("Gateway:", StringComparison.Ordinal) || key.StartsWith("Cameras:", StringComparison.Ordinal);
            settings[global ? key : $"Cameras:{id}:{key}"] = value;
        }

        return settings;
    }

    public CameraFeed Feed(string id, string profile = "hd") => Catalog.TryGet(id, out var camera) ? camera.Feeds[profile] : throw new InvalidOperationException("no camera " + id);

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await _app.StopAsync(timeout.Token);
        await _app.DisposeAsync();
    }
}
