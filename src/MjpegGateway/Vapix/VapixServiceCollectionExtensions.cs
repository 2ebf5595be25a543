using Microsoft.Extensions.Options;
using MjpegGateway.RateLimiting;
using MjpegGateway.Security;
using Yarp.ReverseProxy.Configuration;
using Yarp.ReverseProxy.Forwarder;

namespace MjpegGateway.Vapix;

/// <summary>Registers and maps the VAPIX pass-through: YARP routes per camera, guarded, rate-limited and audited.</summary>
public static class VapixServiceCollectionExtensions
{
    /// <summary>Adds YARP with routes generated from the cameras, the per-camera clients and the sanitising transforms.</summary>
    public static IServiceCollection AddVapixPassThrough(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<VapixOptions>().Bind(configuration.GetSection(VapixOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<VapixOptions>, VapixOptionsValidator>();
        services.AddSingleton<VapixProxyConfigProvider>();
        services.AddSingleton<IProxyConfigProvider>(sp => sp.GetRequiredService<VapixProxyConfigProvider>());
        services.AddReverseProxy().AddTransforms(VapixTransforms.Apply);
        // YARP logs every forwarded URL at Information; the audit line (event 600) already says what happened, once.
        services.AddLogging(logging => logging.AddFilter("Yarp", LogLevel.Warning));
        // Registered after AddReverseProxy so it replaces YARP's default factory.
        services.AddSingleton<IForwarderHttpClientFactory, VapixHttpClientFactory>();
        return services;
    }

    /// <summary>
    /// Maps the generated routes behind <see cref="VapixGuard"/>, each under its CGI's rate-limit group, and a catch-all
    /// that refuses every other <c>/cameras/{id}/vapix/…</c> path.
    /// </summary>
    public static IEndpointRouteBuilder MapVapixPassThrough(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapReverseProxy(proxy => proxy.UseMiddleware<VapixGuard>())
            .ConfigureEndpoints((endpoint, route) =>
            {
                endpoint.WithMetadata(CameraScopeMetadata.TokenOnly);
                if (VapixRoutes.Of(route).Cgi is { } cgi)
                {
                    endpoint.WithRateLimitGroup(cgi.RateLimitGroup);
                }
            });

        endpoints.Map(VapixRoutes.Template, UnlistedVapixPath.Refuse)
            .WithMetadata(CameraScopeMetadata.TokenOnly)
            .RequireAuthorization(GatewayPolicies.Viewer)
            .WithRateLimitGroup(RateLimitGroups.Api)
            // After the generated routes, whose literal camera ids already rank first.
            .Add(endpoint => ((RouteEndpointBuilder)endpoint).Order = 1);
        return endpoints;
    }
}
