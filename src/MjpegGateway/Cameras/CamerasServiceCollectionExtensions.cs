using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace MjpegGateway.Cameras;

/// <summary>Registers the camera catalog and its options.</summary>
public static class CamerasServiceCollectionExtensions
{
    /// <summary>Adds <see cref="CameraCatalog"/> (cameras from <c>Cameras</c>, limits from <c>Gateway</c>).</summary>
    public static IServiceCollection AddCameras(this IServiceCollection services, IConfiguration configuration)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddOptions<GatewayOptions>().Bind(configuration.GetSection(GatewayOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<GatewayOptions>, GatewayOptionsValidator>();
        services.AddSingleton<GatewaySettings>();
        services.AddSingleton(ConfigurationFileGuard.Attach(configuration));
        services.AddSingleton<CameraCatalog>();
        services.AddHostedService(sp => sp.GetRequiredService<CameraCatalog>());
        return services;
    }
}
