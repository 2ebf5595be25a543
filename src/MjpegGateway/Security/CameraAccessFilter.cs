using Microsoft.Extensions.Options;
using MjpegGateway.Cameras;
using MjpegGateway.Telemetry;

namespace MjpegGateway.Security;

/// <summary>
/// Guards <c>/cameras/{id}/…</c>: public cameras pass; otherwise the caller needs a valid token (401) whose
/// camera claim covers <c>{id}</c> (403), and must come from one of the camera's allowed networks (403).
/// Unknown cameras fall through to the endpoint's 404, after the token check, so ids cannot be probed anonymously.
/// </summary>
internal sealed class CameraAccessFilter(CameraCatalog catalog, IOptions<AuthOptions> auth, ILogger<CameraAccessFilter> logger) : IEndpointFilter
{
    private readonly CameraAccess _access = new(auth.Value.CamerasClaim);

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext invocation, EndpointFilterDelegate next)
    {
        var context = invocation.HttpContext;
        var id = context.Request.RouteValues["id"] as string ?? string.Empty;
        var known = catalog.TryGet(id, out var camera);
        if (known && camera!.Camera.Options.Public && !context.Request.Path.Value!.EndsWith("/tickets", StringComparison.Ordinal))
        {
            return RefuseNetwork(context, camera, logger) ?? await next(invocation);
        }

        if (context.User.Identity?.IsAuthenticated != true)
        {
            SecurityLog.Denied(logger, RedactedPath.Of(context.Request.Path), "no valid credential");
            return Unauthorized(context);
        }

        if (!known)
        {
            return await next(invocation);
        }

        return Refuse(context, camera!, _access, logger) ?? await next(invocation);
    }

    /// <summary>
    /// The refusal for an authenticated caller who may not use <paramref name="camera"/> (not in the token's rights,
    /// or from a network the camera does not allow), logged; null when the caller may. Shared with the VAPIX guard.
    /// </summary>
    public static IResult? Refuse(HttpContext context, CameraEntry camera, CameraAccess access, ILogger logger)
    {
        if (!access.CanView(context.User, camera.Camera.Id))
        {
            SecurityLog.Denied(logger, RedactedPath.Of(context.Request.Path), "camera not in the token's rights");
            return Forbidden(context, "Your token does not grant this camera.");
        }

        return RefuseNetwork(context, camera, logger);
    }

    /// <summary>401 problem details with a Bearer challenge.</summary>
    public static IResult Unauthorized(HttpContext context)
    {
        context.Response.Headers.WWWAuthenticate = "Bearer";
        return Results.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "Unauthorized", detail: "A valid bearer token or stream ticket is required.");
    }

    /// <summary>403 problem details.</summary>
    public static IResult Forbidden(HttpContext context, string detail) =>
        Results.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Forbidden", detail: detail);

    private static IResult? RefuseNetwork(HttpContext context, CameraEntry camera, ILogger logger)
    {
        var allowed = camera.AllowedNetworks;
        if (allowed.IsEmpty || allowed.Contains(context.Connection.RemoteIpAddress))
        {
            return null;
        }

        SecurityLog.NotAllowedNetwork(logger, context.Connection.RemoteIpAddress?.ToString(), RedactedPath.Of(context.Request.Path));
        StreamRejection.Mark(context, StreamRejection.AllowList);
        return Forbidden(context, "Your network may not view this camera.");
    }
}
