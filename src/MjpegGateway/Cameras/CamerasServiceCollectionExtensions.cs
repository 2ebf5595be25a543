using Microsoft.Extensions.DependencyInjection.Extensions;
using MjpegGateway.Upstream;

namespace MjpegGateway.Cameras;

/// <summary>Registers the camera catalog and its options.</summary>
public static class CamerasServiceCollectionExtensions
{
    /// <summary>Adds <see cref="CameraCatalog"/> (cameras from <c>Cameras</c>; limits from Configuration/GatewaySettings).</summary>
    public static IServiceCollection AddCameras(this IServiceCollection services, IConfiguration configuration)
    {
        // One process connects every upstream to its camera; the cluster (Cluster/) registers its own sources first.
        services.TryAddSingleton<IUpstreamSources, CameraSources>();
        services.AddSingleton<CameraCatalog>();
        services.AddHostedService(sp => sp.GetRequiredService<CameraCatalog>());
        return services;
    }
}
