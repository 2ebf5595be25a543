using System.Globalization;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Primitives;
using Mjpeg.Fanout;
using Mjpeg.Frames;
using MjpegGateway.Cameras;
using MjpegGateway.Configuration;
using MjpegGateway.Http;
using MjpegGateway.RateLimiting;
using MjpegGateway.Security;

namespace MjpegGateway.Streaming;

/// <summary><c>/cameras</c>: the camera list, live streams and snapshots.</summary>
public static class CameraEndpoints
{
    /// <summary>Maps the camera routes.</summary>
    public static IEndpointRouteBuilder MapCameraEndpoints(this IEndpointRouteBuilder endpoints)
    {
        var cameras = endpoints.MapGroup("/cameras");
        cameras.MapGet("/", ListCameras).WithName("ListCameras")
            .RequireAuthorization(GatewayPolicies.Viewer).WithRateLimitGroup(RateLimitGroups.Api);
        // One instance (its dependencies are singletons): the generic AddEndpointFilter<T> compiles an expression-tree
        // factory at start, which loads System.Linq.Expressions for nothing else.
        var services = endpoints.ServiceProvider;
        var camera = cameras.MapGroup("/{id}").AddEndpointFilter(
            new CameraAccessFilter(services.GetRequiredService<CameraCatalog>(), services.GetRequiredService<CameraAccessDecision>()));
        camera.MapGet("/stream", StreamAsync).WithName("StreamCamera").WithRateLimitGroup(RateLimitGroups.Streams)
            .WithMetadata(CameraScopeMetadata.Viewing);
        camera.MapGet("/snapshot", SnapshotAsync).WithName("CameraSnapshot").WithRateLimitGroup(RateLimitGroups.Snapshots)
            .WithMetadata(CameraScopeMetadata.Viewing);
        camera.MapPost("/tickets", IssueTicket).WithName("IssueStreamTicket").WithRateLimitGroup(RateLimitGroups.Tickets)
            .WithMetadata(CameraScopeMetadata.TokenOnly);
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

    private static async Task<IResult> IssueTicket(
        HttpContext context, string id, CameraCatalog catalog, IStreamTicketStore tickets, IOptions<TicketOptions> options, TimeProvider time)
    {
        if (!catalog.TryGet(id, out _))
        {
            return Problems.NotFound("No camera with this id.");
        }

        // Only a bearer token gets here (CameraScopeMetadata.TokenOnly): a ticket cannot mint tickets, so a leaked
        // ticket URL stays single-use. Authentication refuses a token without a subject; should one ever get here, it
        // is refused too rather than sharing one "unknown" subject's bound.
        var user = context.User;
        if (Caller.Of(context).Subject is not { } subject || string.IsNullOrWhiteSpace(subject))
        {
            return BearerChallengeResult.Instance;
        }

        var credentialExpiry = GatewayClaims.CredentialExpiry(user) ?? time.GetUtcNow() + tickets.Lifetime;
        var issued = await tickets.TryIssueAsync(id, subject, credentialExpiry, context.RequestAborted);
        if (issued is not { Value: { } value, Ticket: { } ticket })
        {
            return TicketRefused(context, issued.Refusal, options.Value, tickets.Lifetime);
        }

        context.Response.Headers.CacheControl = "no-store";
        var encoded = Uri.EscapeDataString(value);
        return Results.Ok(new TicketResponse(
            value,
            ticket.ExpiresAt,
            $"/cameras/{Uri.EscapeDataString(id)}/stream?ticket={encoded}",
            $"/cameras/{Uri.EscapeDataString(id)}/snapshot?ticket={encoded}"));
    }

    // A subject at its own bound waits for its tickets to be used or to lapse (429); a full or unreachable store is
    // the gateway's problem (503).
    private static IResult TicketRefused(HttpContext context, TicketRefusal refusal, TicketOptions options, TimeSpan lifetime)
    {
        if (refusal == TicketRefusal.TooManyForSubject)
        {
            context.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(lifetime.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
            return Results.Problem(
                statusCode: StatusCodes.Status429TooManyRequests,
                title: "Too many tickets",
                detail: $"You hold {options.MaxOutstandingPerSubject.ToString(CultureInfo.InvariantCulture)} unused tickets, the most one subject may; use them or let them expire.");
        }

        return refusal == TicketRefusal.Unavailable
            ? Problems.Unavailable(context, "Tickets unavailable", "The gateway cannot issue tickets now; retry.", TimeSpan.FromSeconds(5))
            : Problems.Unavailable(context, "Too many tickets", "Too many unused tickets are outstanding.", lifetime);
    }

    // Admit, join the hub, pump, end: everything the stream holds is released by the usings, in reverse.
    private static async Task<IResult> StreamAsync(
        HttpContext context, string id, StreamAdmission admission, StreamSessions sessions, GatewaySettings settings,
        IOptionsMonitor<StreamCapOptions> caps, TimeProvider time, ILogger<StreamAdmission> logger, IOptionsMonitor<SecurityOptions> security)
    {
        // Read per request: edited limits apply to new streams.
        var gateway = settings.Current;
        if (!TryReadProfile(context, out var profile, out var problem) || !TryReadFps(context.Request.Query["fps"], gateway.MaxViewerFps, out var fps, out problem))
        {
            return problem;
        }

        var admitted = await admission.AdmitAsync(new StreamRequest(Caller.Of(context), id, profile, Ticket: PendingTicket.Of(context)), context.RequestAborted);
        if (!admitted.IsAdmitted)
        {
            return admitted.Refusal.ToResult(context);
        }

        await using var lease = admitted.Lease;
        var viewerOptions = new ViewerOptions { QueueCapacity = gateway.ViewerQueueCapacity, WriteSliceBytes = gateway.ViewerWriteSliceBytes, MaxFps = fps, Label = Guid.NewGuid().ToString("N") };
        if (!lease.TryJoin(viewerOptions, out var joined))
        {
            return StreamRefusal.CameraReconfigured.ToResult(context);
        }

        using var viewer = joined;
        using var session = sessions.Start(context, lease.Feed, viewer);
        var first = await lease.Feed.Hub.AcquireLatestAsync(TimeSpan.FromSeconds(gateway.FirstFrameTimeoutSeconds), context.RequestAborted);
        if (first is null)
        {
            return context.RequestAborted.IsCancellationRequested ? Results.Empty : admission.Unavailable(lease.Feed).ToResult(context);
        }

        first.Release();
        TicketEmbedding.Allow(context, security.CurrentValue);
        await StreamPump.PumpAsync(context, lease.Feed, viewer, session, caps.CurrentValue, time, logger);
        // The session's audit event (Telemetry/AuditLog, event 500) records how the stream ended.
        return Results.Empty;
    }

    private static async Task<IResult> SnapshotAsync(
        HttpContext context, string id, StreamAdmission admission, GatewaySettings settings, IOptionsMonitor<SecurityOptions> security)
    {
        if (!TryReadProfile(context, out var profile, out var problem))
        {
            return problem;
        }

        var admitted = await admission.AdmitAsync(new StreamRequest(Caller.Of(context), id, profile, Snapshot: true, Ticket: PendingTicket.Of(context)), context.RequestAborted);
        if (!admitted.IsAdmitted)
        {
            return admitted.Refusal.ToResult(context);
        }

        Frame? frame;
        await using (var lease = admitted.Lease)
        {
            frame = await lease.Feed.Hub.AcquireLatestAsync(TimeSpan.FromSeconds(settings.Current.FirstFrameTimeoutSeconds), context.RequestAborted);
            if (frame is null)
            {
                return context.RequestAborted.IsCancellationRequested ? Results.Empty : admission.Unavailable(lease.Feed).ToResult(context);
            }
        }

        try
        {
            var response = context.Response;
            TicketEmbedding.Allow(context, security.CurrentValue);
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

    private static bool TryReadProfile(HttpContext context, out string? profile, [NotNullWhen(false)] out IResult? problem)
    {
        var profiles = context.Request.Query["profile"];
        profile = profiles.Count == 1 ? profiles[0] : null;
        problem = profiles.Count > 1 ? Problems.BadRequest("Give 'profile' at most once.") : null;
        return problem is null;
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

    private sealed record CameraSummary(string Id, string Name, string DefaultProfile, int Viewers, ProfileSummary[] Profiles);

    private sealed record ProfileSummary(string Name, string State, int Viewers);

    private sealed record TicketResponse(string Ticket, DateTimeOffset ExpiresAt, string StreamUrl, string SnapshotUrl);
}
