using Microsoft.AspNetCore.Http;

namespace MjpegGateway.CameraSimulator.Vapix;

/// <summary>
/// Marks every response the way real cameras do: a <c>Server</c> banner naming the firmware, and a session cookie.
/// A gateway in front must strip both, so the simulator sends them to prove that it does.
/// </summary>
internal sealed class CameraBannerMiddleware(RequestDelegate next)
{
    /// <summary>The <c>Server</c> header every response carries.</summary>
    public const string ServerBanner = "axis-simulated/10.12.114 (lighttpd)";

    /// <summary>Name of the cookie every response sets.</summary>
    public const string SessionCookie = "axis_session";

    public Task InvokeAsync(HttpContext context)
    {
        context.Response.OnStarting(static state =>
        {
            var response = (HttpResponse)state;
            response.Headers.Server = ServerBanner;
            response.Headers.Append("Set-Cookie", SessionCookie + "=" + Guid.NewGuid().ToString("N") + "; Path=/; HttpOnly");
            return Task.CompletedTask;
        }, context.Response);
        return next(context);
    }
}
