using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using MjpegGateway.Cameras;
using MjpegGateway.Configuration;
using MjpegGateway.Security;
using MjpegGateway.Streaming;
using MjpegGateway.Telemetry;

namespace MjpegGateway.Tests.Units;

/// <summary>
/// The gateway's services in a plain DI container, no host and no Kestrel, on a <see cref="FakeTimeProvider"/>:
/// the cameras point at the discard port, and nothing connects before a lease asks for frames.
/// </summary>
internal static class GatewayParts
{
    public static readonly Uri Nowhere = new("http://127.0.0.1:9/axis-cgi/mjpg/video.cgi");

    public static ServiceProvider Create(IDictionary<string, string?> settings, Action<IServiceCollection>? replace = null)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddMetrics();
        services.AddSingleton<TimeProvider>(new FakeTimeProvider(DateTimeOffset.Parse("2026-01-01T00:00:00Z", System.Globalization.CultureInfo.InvariantCulture)));
        services.AddSingleton<IConfiguration>(configuration);
        replace?.Invoke(services);
        services.AddGatewayConfiguration(configuration);
        services.AddOptions<StreamCapOptions>().Bind(configuration.GetSection(GatewayOptions.Section));
        services.TryAddSingletonCaps();
        services.AddOptions<TicketOptions>().Bind(configuration.GetSection(TicketOptions.Section));
        Microsoft.Extensions.DependencyInjection.Extensions.ServiceCollectionDescriptorExtensions.TryAddSingleton<IStreamTicketStore, StreamTicketStore>(services);
        services.AddSingleton<GatewayMetrics>();
        services.AddCameras(configuration);
        services.AddStreaming();
        return services.BuildServiceProvider();
    }

    /// <summary>Settings for cameras <paramref name="ids"/> (profiles hd and low) at <see cref="Nowhere"/>.</summary>
    public static Dictionary<string, string?> Cameras(params string[] ids)
    {
        var settings = new Dictionary<string, string?>();
        foreach (var id in ids)
        {
            settings[$"Cameras:{id}:Url"] = Nowhere.ToString();
            settings[$"Cameras:{id}:Profiles:hd"] = "resolution=320x180";
            settings[$"Cameras:{id}:Profiles:low"] = "resolution=160x90";
        }

        return settings;
    }

    private static void TryAddSingletonCaps(this IServiceCollection services) =>
        Microsoft.Extensions.DependencyInjection.Extensions.ServiceCollectionDescriptorExtensions.TryAddSingleton<IStreamCaps, StreamCaps>(services);
}
