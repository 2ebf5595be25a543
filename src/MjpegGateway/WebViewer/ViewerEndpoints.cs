using Microsoft.Extensions.Options;
using MjpegGateway.RateLimiting;
using MjpegGateway.Security;

namespace MjpegGateway.WebViewer;

/// <summary><c>/demo</c>: tells the page whether the demo is on and, only then, signs a visitor in.</summary>
public static class ViewerEndpoints
{
    /// <summary>Lifetime of a demo sign-in token: an hour of watching, then sign in again.</summary>
    public static readonly TimeSpan DemoTokenLifetime = TimeSpan.FromHours(1);

    /// <summary>Maps <c>GET /demo</c> always and <c>POST /demo/sign-in</c> only when a demo host registered <see cref="IDemoSignIn"/>.</summary>
    public static IEndpointRouteBuilder MapViewerEndpoints(this IEndpointRouteBuilder endpoints)
    {
        var demo = endpoints.ServiceProvider.GetService<IDemoSignIn>();
        // Always answered (never a 404), so the page can ask without a console error outside the demo.
        endpoints.MapGet("/demo", () => TypedResults.Ok(new DemoStatus(demo is not null)))
            .WithName("DemoStatus").WithRateLimitGroup(RateLimitGroups.Api);
        if (demo is not null)
        {
            endpoints.MapPost("/demo/sign-in", (HttpContext context, IOptions<AuthOptions> auth, TimeProvider time, ILoggerFactory loggers) =>
                {
                    var expires = time.GetUtcNow() + DemoTokenLifetime;
                    // Viewer rights on exactly the demo cameras: never the admin token the console prints.
                    var token = TokenMinter.Mint(auth.Value, "demo-viewer", [GatewayRoles.Viewer], demo.CameraIds, DemoTokenLifetime, time);
                    ViewerLog.DemoSignIn(loggers.CreateLogger(typeof(ViewerEndpoints)), context.Connection.RemoteIpAddress?.ToString(), demo.CameraIds.Count, DemoTokenLifetime.TotalMinutes);
                    context.Response.Headers.CacheControl = "no-store";
                    return TypedResults.Ok(new DemoSignInResponse(token, expires, demo.CameraIds));
                })
                .WithName("DemoSignIn").WithRateLimitGroup(RateLimitGroups.Api);
        }

        return endpoints;
    }
}
