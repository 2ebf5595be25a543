using System.Globalization;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Primitives;
using Mjpeg.Fanout;
using Mjpeg.Frames;
using MjpegGateway.Cameras;
using MjpegGateway.Lifecycle;
using MjpegGateway.Telemetry;
using MjpegGateway.RateLimiting;
using MjpegGateway.Security;
using MjpegGateway.Upstream;

namespace MjpegGateway.Endpoints;

/// <summary><c>/cameras</c>: the camera list, live streams and snapshots.</summary>
public static class CameraEndpoints
{
    private static readonly TimeSpan RefusedRetryAfter = TimeSpan.FromSeconds(30);

    /// <summary>Maps the camera routes.</summary>
    public static IEndpointRouteBuilder MapCameraEndpoints(this IEndpointRouteBuilder endpoints)
    {
        var cameras = endpoints.MapGroup("/cameras");
        cameras.MapGet("/", ListCameras).WithName("ListCameras")
            .RequireAuthorization(GatewayPolicies.Viewer).WithRateLimitGroup(RateLimitGroups.Api);
        var camera = cameras.MapGroup("/{id}").AddEndpointFilter<CameraAccessFilter>();
        camera.MapGet("/stream", StreamAsync).WithName("StreamCamera").WithRateLimitGroup(RateLimitGroups.Streams);
        camera.MapGet("/snapshot", SnapshotAsync).WithName("CameraSnapshot").WithRateLimitGroup(RateLimitGroups.Snapshots);
        camera.MapPost("/tickets", IssueTicket).WithName("IssueStreamTicket").WithRateLimitGroup(RateLimitGroups.Tickets);
        return endpoints;
    }

    private static IResult ListCameras(HttpContext context, CameraCatalog catalog, IOptions<AuthOptions> auth)
    {
        var access = new CameraAccess(auth.Value.CamerasClaim);
        return Results.Ok(catalog.Cameras
            .Where(c => c.Camera.Options.Public || access.CanView(context.User, c.Camera.Id))
            .OrderBy(c => c.Camera.Id, StringComparer.Ordinal)
            .Select(c => new CameraSummary(
                c.Camera.Id,
                c.Camera.Name,
                c.Camera.DefaultProfile,
                c.Viewers,
                c.Feeds.Values.Select(f => new ProfileSummary(f.Profile, f.Upstream.State.ToString(), f.Hub.ViewerCount)).ToArray())));
    }

    private static IResult IssueTicket(HttpContext context, string id, CameraCatalog catalog, StreamTicketStore tickets, TimeProvider time)
    {
        if (!catalog.TryGet(id, out _))
        {
            return Problems.NotFound("No camera with this id.");
        }

        var user = context.User;
        if (user.Identity?.IsAuthenticated != true || GatewayClaims.IsTicket(user))
        {
            // A ticket cannot mint tickets: only a bearer token can, so a leaked ticket URL stays single-use.
            return CameraAccessFilter.Unauthorized(context);
        }

        var credentialExpiry = GatewayClaims.CredentialExpiry(user) ?? time.GetUtcNow() + tickets.Lifetime;
        var issued = tickets.TryIssue(id, user.Identity.Name ?? "unknown", credentialExpiry);
        if (issued is not { } ticket)
        {
            return Problems.Unavailable(context, "Too many tickets", "Too many unused tickets are outstanding.", tickets.Lifetime);
        }

        context.Response.Headers.CacheControl = "no-store";
        var encoded = Uri.EscapeDataString(ticket.Value);
        return Results.Ok(new TicketResponse(
            ticket.Value,
            ticket.Ticket.ExpiresAt,
            $"/cameras/{Uri.EscapeDataString(id)}/stream?ticket={encoded}",
            $"/cameras/{Uri.EscapeDataString(id)}/snapshot?ticket={encoded}"));
    }

    private static async Task<IResult> StreamAsync(
        HttpContext context, string id, CameraCatalog catalog, StreamCaps caps, GatewaySettings settings,
        IOptionsSnapshot<StreamCapOptions> capOptions, TimeProvider time, ILoggerFactory loggers, StreamSessions sessions, GatewayDrain drain)
    {
        var logger = loggers.CreateLogger(typeof(CameraEndpoints));
        // Read per request: edited limits apply to new streams.
        var gateway = settings.Current;
        if (drain.IsDraining)
        {
            StreamRejection.Mark(context, StreamRejection.Draining);
            return Problems.Unavailable(context, "Shutting down", "The gateway is shutting down; connect again.", RetryAfterFull);
        }

        if (!TryResolve(context, id, catalog, out var camera, out var feed, out var problem))
        {
            return problem;
        }

        if (!TryReadFps(context.Request.Query["fps"], gateway.MaxViewerFps, out var fps, out problem))
        {
            return problem;
        }

        var subject = context.User.Identity?.IsAuthenticated == true ? context.User.Identity.Name : null;
        var clientIp = context.Connection.RemoteIpAddress?.ToString() ?? "unknown";
        var capped = caps.TryReserve(subject, clientIp, out var capSlot);
        using var callerSlot = capSlot;
        if (capped != StreamCaps.Rejection.None)
        {
            var who = capped == StreamCaps.Rejection.Subject ? "your token" : "your address";
            StreamingLog.Refused(logger, id, $"{who} at its stream limit");
            StreamRejection.Mark(context, StreamRejection.Cap);
            context.Response.Headers.RetryAfter = ((int)RetryAfterFull.TotalSeconds).ToString(CultureInfo.InvariantCulture);
            return Results.Problem(statusCode: StatusCodes.Status429TooManyRequests, title: "Too many streams", detail: $"{char.ToUpperInvariant(who[0])}{who[1..]} holds the maximum number of concurrent streams.");
        }

        using var admission = catalog.Admit(camera);
        if (!admission.IsAdmitted)
        {
            var full = admission.Rejection == AdmissionRejection.CameraFull ? "camera" : "gateway";
            StreamingLog.Refused(logger, id, $"{full} at its viewer limit");
            StreamRejection.Mark(context, StreamRejection.Cap);
            return Problems.Unavailable(context, "Too many viewers", $"The {full} has reached its maximum number of viewers.", RetryAfterFull);
        }

        if (IsRefused(feed))
        {
            return CameraUnavailable(context, logger, feed);
        }

        var sessionId = Guid.NewGuid().ToString("N");
        var viewerOptions = new ViewerOptions { QueueCapacity = gateway.ViewerQueueCapacity, MaxFps = fps, Label = sessionId };
        if (!TryJoin(feed, viewerOptions, out var demandLease, out var joined))
        {
            return CameraReconfigured(context);
        }

        using var demand = demandLease;
        using var viewer = joined;
        using var session = sessions.Start(context, feed, viewer);

        var first = await feed.Hub.AcquireLatestAsync(TimeSpan.FromSeconds(gateway.FirstFrameTimeoutSeconds), context.RequestAborted);
        if (first is null)
        {
            return context.RequestAborted.IsCancellationRequested ? Results.Empty : CameraUnavailable(context, logger, feed);
        }

        first.Release();
        var response = context.Response;
        response.ContentType = feed.Hub.Pool.ContentType;
        response.Headers.CacheControl = "no-cache, no-store, must-revalidate";
        response.Headers.Pragma = "no-cache";
        response.Headers.Expires = "0";
        // Tell nginx-style proxies in front of us not to buffer an endless response.
        response.Headers["X-Accel-Buffering"] = "no";
        context.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();

        StreamingLog.StreamStarted(logger, sessionId, id, feed.Profile);
        // A stream must not outlive its credential (or the configured maximum duration).
        using var deadline = StreamDeadline(context, capOptions.Value, time, session, logger);
        var reason = await viewer.PumpAsync(response.BodyWriter, feed.Hub.Pool.Preamble, context.RequestAborted);
        if (reason == ViewerEndReason.Stalled)
        {
            StreamingLog.StreamStalled(logger, sessionId, id, feed.Hub.Options.StallTimeout);
        }

        if (reason is ViewerEndReason.Stalled or ViewerEndReason.ClientGone)
        {
            // A half-written part cannot be finished cleanly; drop the connection instead of waiting on it.
            context.Abort();
        }

        // The session's audit event (Telemetry/AuditLog, event 500) records how the stream ended.
        return Results.Empty;
    }

    private static async Task<IResult> SnapshotAsync(
        HttpContext context, string id, CameraCatalog catalog, GatewaySettings settings, ILoggerFactory loggers)
    {
        var logger = loggers.CreateLogger(typeof(CameraEndpoints));
        if (!TryResolve(context, id, catalog, out _, out var feed, out var problem))
        {
            return problem;
        }

        if (IsRefused(feed))
        {
            return CameraUnavailable(context, logger, feed);
        }

        Frame? frame;
        try
        {
            using (feed.AcquireDemand())
            {
                frame = await feed.Hub.AcquireLatestAsync(TimeSpan.FromSeconds(settings.Current.FirstFrameTimeoutSeconds), context.RequestAborted);
            }
        }
        catch (ObjectDisposedException)
        {
            return CameraReconfigured(context);
        }

        if (frame is null)
        {
            return context.RequestAborted.IsCancellationRequested ? Results.Empty : CameraUnavailable(context, logger, feed);
        }

        try
        {
            var response = context.Response;
            response.ContentType = "image/jpeg";
            response.ContentLength = frame.Jpeg.Length;
            response.Headers.CacheControl = "no-store";
            await response.Body.WriteAsync(frame.Jpeg, context.RequestAborted);
        }
        finally
        {
            frame.Release();
        }

        return Results.Empty;
    }

    private static readonly TimeSpan RetryAfterFull = TimeSpan.FromSeconds(10);

    /// <summary>Audit end reason of a stream whose token (or the token behind its ticket) expired.</summary>
    public const string CredentialExpiredCause = "CredentialExpired";

    /// <summary>Audit end reason of a stream that reached <c>Gateway:MaxStreamDurationSeconds</c>.</summary>
    public const string MaxDurationCause = "MaxDuration";

    // Ends the session, like an admin kick or the shutdown drain, so the audit log and metrics say why.
    private static ITimer? StreamDeadline(HttpContext context, StreamCapOptions caps, TimeProvider time, StreamSession session, ILogger logger)
    {
        var now = time.GetUtcNow();
        DateTimeOffset? end = GatewayClaims.CredentialExpiry(context.User);
        var cause = CredentialExpiredCause;
        if (caps.MaxStreamDurationSeconds > 0)
        {
            var max = now + TimeSpan.FromSeconds(caps.MaxStreamDurationSeconds);
            if (end is null || max < end)
            {
                end = max;
                cause = MaxDurationCause;
            }
        }

        if (end is null)
        {
            return null;
        }

        var due = end.Value - now;
        return time.CreateTimer(
            _ =>
            {
                SecurityLog.StreamCredentialExpired(logger, session.Id);
                session.End(cause);
            },
            null,
            due < TimeSpan.Zero ? TimeSpan.Zero : due,
            Timeout.InfiniteTimeSpan);
    }

    private static bool TryResolve(
        HttpContext context, string id, CameraCatalog catalog,
        [NotNullWhen(true)] out CameraEntry? camera, [NotNullWhen(true)] out CameraFeed? feed, [NotNullWhen(false)] out IResult? problem)
    {
        feed = null;
        problem = null;
        if (!catalog.TryGet(id, out camera))
        {
            problem = Problems.NotFound("No camera with this id.");
            return false;
        }

        var profiles = context.Request.Query["profile"];
        if (profiles.Count > 1)
        {
            problem = Problems.BadRequest("Give 'profile' at most once.");
            return false;
        }

        var profile = profiles.Count == 0 || string.IsNullOrEmpty(profiles[0]) ? camera.Camera.DefaultProfile : profiles[0]!;
        if (!camera.Feeds.TryGetValue(profile, out feed))
        {
            problem = Problems.BadRequest($"Unknown profile. This camera has: {string.Join(", ", camera.Feeds.Keys)}.");
            return false;
        }

        return true;
    }

    private static bool TryReadFps(StringValues values, double max, out double? fps, [NotNullWhen(false)] out IResult? problem)
    {
        fps = null;
        problem = null;
        if (values.Count == 0 || (values.Count == 1 && string.IsNullOrEmpty(values[0])))
        {
            return true;
        }

        if (values.Count > 1
            || !double.TryParse(values[0], NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var parsed)
            || !double.IsFinite(parsed) || parsed <= 0 || parsed > max)
        {
            problem = Problems.BadRequest($"'fps' must be one number greater than 0 and at most {max.ToString(CultureInfo.InvariantCulture)}.");
            return false;
        }

        fps = parsed;
        return true;
    }

    // A reload can close the feed between the catalog lookup and joining it.
    private static bool TryJoin(CameraFeed feed, ViewerOptions options, out IDisposable? demand, [NotNullWhen(true)] out Viewer? viewer)
    {
        demand = null;
        viewer = null;
        try
        {
            demand = feed.AcquireDemand();
            viewer = feed.Hub.Add(options);
            return true;
        }
        catch (ObjectDisposedException)
        {
            demand?.Dispose();
            return false;
        }
    }

    private static IResult CameraReconfigured(HttpContext context) =>
        Problems.Unavailable(context, "Camera reconfigured", "The camera was just removed or reconfigured; retry.", TimeSpan.FromSeconds(1));

    private static bool IsRefused(CameraFeed feed) =>
        feed.Upstream.State.IsRefusal();

    private static IResult CameraUnavailable(HttpContext context, ILogger logger, CameraFeed feed)
    {
        var state = feed.Upstream.State;
        var detail = state switch
        {
            UpstreamState.Unauthorized => "The camera refused the gateway's credentials.",
            UpstreamState.NotFound => "The camera does not offer this stream.",
            UpstreamState.Busy => "The camera is serving all the streams it can.",
            _ => "The camera sent no picture in time.",
        };
        StreamingLog.Refused(logger, feed.Camera.Id, $"camera unavailable ({state})");
        var retryAfter = state.IsRefusal() ? RefusedRetryAfter : RetryAfterFull;
        return Problems.Unavailable(context, "Camera unavailable", detail, retryAfter);
    }

    private sealed record CameraSummary(string Id, string Name, string DefaultProfile, int Viewers, ProfileSummary[] Profiles);

    private sealed record ProfileSummary(string Name, string State, int Viewers);

    private sealed record TicketResponse(string Ticket, DateTimeOffset ExpiresAt, string StreamUrl, string SnapshotUrl);
}
