using Microsoft.Extensions.Options;
using MjpegGateway.Cameras;
using MjpegGateway.Http;
using MjpegGateway.Security;
using MjpegGateway.Telemetry;

namespace MjpegGateway.Vapix;

/// <summary>
/// Answers every <c>/cameras/{id}/vapix/…</c> path that no generated route takes: 403 for a camera the caller may see
/// (so a forbidden path reads the same whether or not the camera has such a CGI), 404 for an unknown camera, after the
/// token check so camera ids cannot be probed anonymously. Never forwards anything.
/// </summary>
internal static class UnlistedVapixPath
{
    public static IResult Refuse(HttpContext context, string id, CameraCatalog catalog, IOptions<AuthOptions> auth, IOptionsMonitor<VapixOptions> options, ILoggerFactory loggers)
    {
        var user = context.User;
        if (user.Identity?.IsAuthenticated != true || GatewayClaims.IsTicket(user))
        {
            return CameraAccessFilter.Unauthorized(context);
        }

        if (!options.CurrentValue.Enabled || !catalog.TryGet(id, out _))
        {
            return Problems.NotFound("No camera with this id.");
        }

        if (!new CameraAccess(auth.Value.CamerasClaim).CanView(user, id))
        {
            return CameraAccessFilter.Forbidden(context, "Your token does not grant this camera.");
        }

        VapixLog.PathRefused(
            loggers.CreateLogger(AuditLog.Category),
            context.Request.Method,
            RedactedPath.Of(context.Request.Path),
            id,
            StatusCodes.Status403Forbidden,
            user.Identity.Name ?? "authenticated",
            context.Connection.RemoteIpAddress?.ToString() ?? "unknown");
        return CameraAccessFilter.Forbidden(context, "This VAPIX path is not allowed.");
    }
}
