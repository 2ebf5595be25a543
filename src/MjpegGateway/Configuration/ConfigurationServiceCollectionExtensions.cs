using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace MjpegGateway.Configuration;

/// <summary>Registers the gateway-wide settings every room reads.</summary>
public static class ConfigurationServiceCollectionExtensions
{
    /// <summary>Adds <see cref="GatewaySettings"/> (section <c>Gateway</c>, validated at start) and the <see cref="ConfigurationFileGuard"/>.</summary>
    public static IServiceCollection AddGatewayConfiguration(this IServiceCollection services, IConfiguration configuration)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddOptions<GatewayOptions>().Bind(configuration.GetSection(GatewayOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<GatewayOptions>, GatewayOptionsValidator>();
        services.AddSingleton<GatewaySettings>();
        services.AddSingleton(ConfigurationFileGuard.Attach(configuration));
        return services;
    }
}
