using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace MjpegGateway.CameraSimulator.Vapix;

/// <summary>Registers and maps the VAPIX CGIs. New CGIs (ptz.cgi, param.cgi) join here.</summary>
internal static class VapixEndpoints
{
    public static IServiceCollection AddVapix(this IServiceCollection services) =>
        services.AddSingleton<VideoCgi>().AddSingleton<ImageCgi>();

    public static IEndpointRouteBuilder MapVapix(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet(VideoCgi.Path, context => context.RequestServices.GetRequiredService<VideoCgi>().HandleAsync(context));
        endpoints.MapGet(ImageCgi.Path, context => context.RequestServices.GetRequiredService<ImageCgi>().HandleAsync(context));
        return endpoints;
    }
}
