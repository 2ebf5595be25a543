namespace MjpegGateway.Cameras;

/// <summary>Registers the camera catalog and its options.</summary>
public static class CamerasServiceCollectionExtensions
{
    /// <summary>Adds <see cref="CameraCatalog"/> (cameras from <c>Cameras</c>; limits from Configuration/GatewaySettings).</summary>
    public static IServiceCollection AddCameras(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton<CameraCatalog>();
        services.AddHostedService(sp => sp.GetRequiredService<CameraCatalog>());
        return services;
    }
}
