using Microsoft.Extensions.Options;
using MjpegGateway.RateLimiting;
using MjpegGateway.Security;

namespace MjpegGateway.Vapix;

/// <summary>Registers and maps the VAPIX pass-through: one endpoint per allow-listed CGI, guarded, rate-limited and audited.</summary>
public static class VapixServiceCollectionExtensions
{
    /// <summary>
    /// Adds YARP's direct forwarder (without the reverse-proxy configuration, routes and clusters: about 2 MB of memory
    /// the gateway does not need), the guard and the per-camera clients.
    /// </summary>
    public static IServiceCollection AddVapixPassThrough(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<VapixOptions>().Bind(configuration.GetSection(VapixOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<VapixOptions>, VapixOptionsValidator>();
        services.AddHttpForwarder();
        services.AddSingleton<VapixCameraClients>();
        services.AddSingleton<VapixGuard>();
        // YARP logs every forwarded URL at Information; the audit line (event 600) already says what happened, once.
        services.AddLogging(logging => logging.AddFilter("Yarp", LogLevel.Warning));
        return services;
    }

    /// <summary>
    /// Maps each allow-listed CGI, for every camera, to <see cref="VapixGuard"/> under the CGI's rate-limit group, and a
    /// catch-all that refuses every other <c>/cameras/{id}/vapix/…</c> path.
    /// </summary>
    public static IEndpointRouteBuilder MapVapixPassThrough(this IEndpointRouteBuilder endpoints)
    {
        foreach (var cgi in VapixAllowList.All)
        {
            endpoints.Map(VapixRoutes.EndpointTemplate(cgi), (HttpContext context, string id, VapixGuard guard) => guard.InvokeAsync(context, id, cgi))
                .WithMetadata(CameraScopeMetadata.TokenOnly)
                // The guard does the finer checks; this keeps anonymous callers out with the gateway's 401.
                .RequireAuthorization(GatewayPolicies.Viewer)
                .WithRateLimitGroup(cgi.RateLimitGroup);
        }

        endpoints.Map(VapixRoutes.Template, UnlistedVapixPath.Refuse)
            .WithMetadata(CameraScopeMetadata.TokenOnly)
            .RequireAuthorization(GatewayPolicies.Viewer)
            .WithRateLimitGroup(RateLimitGroups.Api)
            // After the CGI endpoints, whose literal paths already rank first.
            .Add(endpoint => ((RouteEndpointBuilder)endpoint).Order = 1);
        return endpoints;
    }
}
