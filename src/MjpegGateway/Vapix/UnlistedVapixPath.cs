using Microsoft.Extensions.Options;
using MjpegGateway.Cameras;
using MjpegGateway.Http;
using MjpegGateway.Security;
using MjpegGateway.Telemetry;

namespace MjpegGateway.Vapix;

/// <summary>
/// Answers every <c>/cameras/{id}/vapix/…</c> path that no CGI endpoint takes: 403 for a camera the caller may see
/// (so a forbidden path reads the same whether or not the camera has such a CGI), 404 for an unknown camera, after the
/// token check so camera ids cannot be probed anonymously. Never forwards anything.
/// </summary>
internal static class UnlistedVapixPath
{
    public static IResult Refuse(HttpContext context, string id, CameraCatalog catalog, CameraAccessDecision access, IOptionsMonitor<VapixOptions> options, ILoggerFactory loggers)
    {
        var known = options.CurrentValue.Enabled && catalog.TryGet(id, out var camera) ? camera : null;
        if (access.Decide(context, known?.AccessRules) is { } refused)
        {
            return refused.Problem;
        }

        if (known is null)
        {
            return Problems.NotFound("No camera with this id.");
        }

        var caller = Caller.Of(context);
        VapixLog.PathRefused(
            loggers.CreateLogger(AuditLog.Category),
            context.Request.Method,
            RedactedPath.Of(context.Request.Path),
            id,
            StatusCodes.Status403Forbidden,
            caller.AuditName,
            caller.Address);
        return Problems.Forbidden("This VAPIX path is not allowed.");
    }
}
