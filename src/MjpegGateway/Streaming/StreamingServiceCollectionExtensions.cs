using MjpegGateway.Telemetry;

namespace MjpegGateway.Streaming;

/// <summary>Registers the streaming room: admission and the live-session registry.</summary>
public static class StreamingServiceCollectionExtensions
{
    /// <summary>Adds <see cref="StreamAdmission"/> and <see cref="StreamSessions"/> (also the metrics' <see cref="IViewerTotals"/>).</summary>
    public static IServiceCollection AddStreaming(this IServiceCollection services)
    {
        services.AddSingleton<StreamSessions>();
        services.AddSingleton<IViewerTotals>(sp => sp.GetRequiredService<StreamSessions>());
        services.AddSingleton<OverloadGuard>();
        services.AddHostedService(sp => sp.GetRequiredService<OverloadGuard>());
        services.AddSingleton<StreamAdmission>();
        services.AddScoped<CameraAccessFilter>();
        return services;
    }
}
