using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace MjpegGateway.CameraSimulator.Vapix;

/// <summary>Registers and maps the VAPIX CGIs.</summary>
internal static class VapixEndpoints
{
    public static IServiceCollection AddVapix(this IServiceCollection services) =>
        services.AddSingleton<VideoCgi>().AddSingleton<ImageCgi>().AddSingleton<PtzCgi>().AddSingleton<ParamCgi>();

    public static IEndpointRouteBuilder MapVapix(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet(VideoCgi.Path, context => context.RequestServices.GetRequiredService<VideoCgi>().HandleAsync(context));
        endpoints.MapGet(ImageCgi.Path, context => context.RequestServices.GetRequiredService<ImageCgi>().HandleAsync(context));
        endpoints.MapMethods(PtzCgi.Path, [HttpMethods.Get, HttpMethods.Post], context => context.RequestServices.GetRequiredService<PtzCgi>().HandleAsync(context));
        endpoints.MapMethods(ParamCgi.Path, [HttpMethods.Get, HttpMethods.Post], context => context.RequestServices.GetRequiredService<ParamCgi>().HandleAsync(context));
        return endpoints;
    }
}
