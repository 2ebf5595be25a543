using MjpegGateway.Cameras;
using MjpegGateway.Security;

namespace MjpegGateway.Streaming;

/// <summary>
/// Guards <c>/cameras/{id}/…</c> with <see cref="CameraAccessDecision"/>: looks the camera up and passes its access
/// rules; the endpoint's <see cref="CameraScopeMetadata"/> says whether tickets and public cameras count.
/// </summary>
internal sealed class CameraAccessFilter(CameraCatalog catalog, CameraAccessDecision access) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext invocation, EndpointFilterDelegate next)
    {
        var context = invocation.HttpContext;
        var id = context.Request.RouteValues["id"] as string ?? string.Empty;
        var rules = catalog.TryGet(id, out var camera) ? camera.AccessRules : (CameraAccessRules?)null;
        return access.Decide(context, rules) is { } refusal ? refusal.Problem : await next(invocation);
    }
}
