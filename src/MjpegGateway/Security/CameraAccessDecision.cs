using Microsoft.Extensions.Options;
using MjpegGateway.Http;

namespace MjpegGateway.Security;

/// <summary>
/// The one decision whether a caller may use a camera endpoint (stream, snapshot, tickets, VAPIX), keyed on the
/// endpoint's <see cref="CameraScopeMetadata"/>: public cameras pass where the endpoint allows it; otherwise the caller
/// needs a valid credential (401; a ticket only where the endpoint accepts tickets) whose camera claim covers the
/// camera (403), from one of the camera's allowed networks (403). An unknown camera passes an authenticated caller,
/// so the endpoint's 404 comes after the credential check and ids cannot be probed anonymously.
/// </summary>
public sealed class CameraAccessDecision(IOptions<AuthOptions> auth, ILogger<CameraAccessDecision> logger)
{
    private readonly CameraAccess _access = new(auth.Value.CamerasClaim);

    /// <summary>Null when the caller of <paramref name="context"/> may use the camera (<paramref name="camera"/> null: unknown); else the refusal, logged.</summary>
    public CameraAccessRefusal? Decide(HttpContext context, CameraAccessRules? camera)
    {
        var scope = context.GetEndpoint()?.Metadata.GetMetadata<CameraScopeMetadata>() ?? CameraScopeMetadata.TokenOnly;
        if (camera is { Public: true } open && scope.AllowsPublic)
        {
            return RefuseNetwork(context, open);
        }

        var user = context.User;
        if (user.Identity?.IsAuthenticated != true || (!scope.AcceptsTickets && GatewayClaims.IsTicket(user)))
        {
            // A ticket opens one stream or snapshot: it never mints tickets or opens the camera's own interface.
            SecurityLog.Denied(logger, RedactedPath.Of(context.Request.Path), "no valid credential");
            return new(BearerChallengeResult.Instance, "unauthenticated");
        }

        if (camera is not { } known)
        {
            return null;
        }

        if (!_access.CanView(user, known.CameraId))
        {
            SecurityLog.Denied(logger, RedactedPath.Of(context.Request.Path), "camera not in the token's rights");
            return new(Problems.Forbidden("Your token does not grant this camera."), "camera not allowed");
        }

        return RefuseNetwork(context, known);
    }

    private CameraAccessRefusal? RefuseNetwork(HttpContext context, CameraAccessRules camera)
    {
        var allowed = camera.AllowedNetworks;
        if (allowed.IsEmpty || allowed.Contains(context.Connection.RemoteIpAddress))
        {
            return null;
        }

        SecurityLog.NotAllowedNetwork(logger, context.Connection.RemoteIpAddress?.ToString(), RedactedPath.Of(context.Request.Path));
        StreamRejection.Mark(context, StreamRejection.AllowList);
        return new(Problems.Forbidden("Your network may not view this camera."), "camera not allowed");
    }
}
