using MjpegGateway.Cameras;
using MjpegGateway.Http;
using MjpegGateway.Security;

namespace MjpegGateway.Telemetry;

/// <summary>
/// Outermost middleware: after a request is answered, a refusal (401, 403, 429, or any 4xx/503 of a camera route)
/// becomes one audit event, and a refused stream also counts in <c>mjpeg.stream.rejections</c>. It sits outside
/// authentication, rate limiting and the endpoints so it sees every refusal whoever made it. The audit lines are
/// throttled per client address (<see cref="LogThrottle"/>); the metric counts every refusal.
/// </summary>
internal sealed class RejectionAuditMiddleware(RequestDelegate next, GatewayMetrics metrics, CameraCatalog catalog, LogThrottle throttle, ILoggerFactory loggers)
{
    /// <summary>Kind under which refusal lines are throttled.</summary>
    public const string RefusalKind = "refusal";

    private const string StreamEndpointName = "StreamCamera";
    private readonly ILogger _audit = loggers.CreateLogger(AuditLog.Category);

    public async Task InvokeAsync(HttpContext context)
    {
        await next(context);
        var status = context.Response.StatusCode;
        if (status < StatusCodes.Status400BadRequest)
        {
            return;
        }

        var cameraRoute = context.Request.RouteValues.TryGetValue("id", out var routeId) && routeId is string;
        if (!cameraRoute && status is not (StatusCodes.Status401Unauthorized or StatusCodes.Status403Forbidden or StatusCodes.Status429TooManyRequests))
        {
            return;
        }

        var reason = StreamRejection.Of(context);
        if (reason is null)
        {
            return;
        }

        // Only configured ids become tag values: request paths are attacker-chosen and would explode the series count.
        var camera = routeId is not string id ? "-" : catalog.TryGet(id, out _) ? id : "unknown";
        var isStream = context.GetEndpoint()?.Metadata.GetMetadata<IEndpointNameMetadata>()?.EndpointName == StreamEndpointName;
        if (isStream)
        {
            metrics.StreamRejected(camera, reason);
        }

        var caller = Caller.Of(context);
        if (!throttle.TryLog(RefusalKind, caller.Address))
        {
            return;
        }

        AuditLog.Rejected(
            _audit,
            context.Request.Method,
            // Path only (the query string may carry a ticket), with credential-shaped segments masked.
            Security.RedactedPath.Of(context.Request.Path),
            camera,
            status,
            reason,
            caller.AuditName,
            caller.Address);
    }
}
