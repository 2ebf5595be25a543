using Microsoft.AspNetCore.Http.HttpResults;
using MjpegGateway.Cameras;
using MjpegGateway.Cluster;
using MjpegGateway.Configuration;
using MjpegGateway.RateLimiting;
using MjpegGateway.Security;
using MjpegGateway.Streaming;
using MjpegGateway.Telemetry;

namespace MjpegGateway.Admin;

/// <summary><c>/api</c>: live state of cameras and viewers for operators, admin role only.</summary>
public static class AdminEndpoints
{
    /// <summary>End cause recorded in the audit log for a viewer ended through the API.</summary>
    public const string AdminKickCause = ClusterKicks.Cause;

    /// <summary>
    /// Maps the admin API under <c>/api</c> and its OpenAPI document at <c>/openapi/v1.json</c> (admin only too), both in
    /// the <c>admin</c> rate-limit group: a stolen admin token or a looping script cannot hammer them.
    /// </summary>
    public static IEndpointRouteBuilder MapAdminApi(this IEndpointRouteBuilder endpoints)
    {
        var api = endpoints.MapGroup("/api")
            .RequireAuthorization(GatewayPolicies.Admin)
            .WithRateLimitGroup(RateLimitGroups.Admin)
            .WithTags("Admin");
        api.MapGet("/cameras", ListCameras)
            .WithName("AdminListCameras")
            .WithSummary("Every camera with its live state, viewers, fps in and out, bitrate, last error and reconnects.");
        api.MapGet("/cameras/{id}/viewers", ListViewers)
            .WithName("AdminListViewers")
            .WithSummary("The viewers of one camera: subject, remote address, start, frames sent and dropped, current lag.");
        api.MapDelete("/viewers/{sessionId}", EndViewer)
            .WithName("AdminEndViewer")
            .WithSummary("Ends a viewer's stream.");
        api.MapGet("/configuration", Configuration)
            .WithName("AdminConfiguration")
            .WithSummary("Reload count and the configuration errors currently in force (keys, never values).");
        endpoints.MapGet(AdminApiDocument.Path, AdminApiDocument.Serve)
            .ExcludeFromDescription()
            .RequireAuthorization(GatewayPolicies.Admin)
            .WithRateLimitGroup(RateLimitGroups.Admin);
        return endpoints;
    }

    private static async Task<Ok<CameraStatus[]>> ListCameras(CameraCatalog catalog, FeedMetrics feeds, HttpContext context)
    {
        var cameras = catalog.Cameras.OrderBy(c => c.Camera.Id, StringComparer.Ordinal).ToList();
        // In a cluster: who pulls each profile from the camera, and how many watch it on each node.
        var view = context.RequestServices.GetService<ClusterView>() is { } cluster
            ? await cluster.DescribeAsync(cameras.SelectMany(c => c.Feeds.Values.Select(f => $"{c.Camera.Id}/{f.Profile}")).ToList())
            : null;
        return TypedResults.Ok(cameras
            .Select(c => new CameraStatus(
                c.Camera.Id,
                c.Camera.Name,
                c.Camera.Options.Mode.ToString(),
                c.Camera.Options.Required,
                c.Viewers,
                c.Camera.Options.MaxViewers,
                c.Feeds.Values.Select(f => Profile(f, feeds.RateOf(f), view?.GetValueOrDefault($"{c.Camera.Id}/{f.Profile}"))).ToArray()))
            .ToArray());
    }

    private static ProfileStatus Profile(CameraFeed feed, FeedRate rate, ClusterView.FeedView? cluster)
    {
        var upstream = feed.Upstream;
        return new ProfileStatus(
            feed.Profile,
            upstream.State.ToString(),
            feed.Hub.ViewerCount,
            Math.Round(rate.FramesInPerSecond, 2),
            Math.Round(rate.FramesOutPerSecond, 2),
            Math.Round(rate.BitsOutPerSecond),
            upstream.LastFrameAge?.TotalSeconds,
            upstream.LastError,
            feed.ReconnectsTotal,
            upstream.Connections,
            feed.FramesReceivedTotal)
        {
            OwnerNode = cluster?.OwnerNode,
            ViewersByNode = cluster?.ViewersByNode,
            Relayed = cluster is null ? null : upstream.IsRelay && upstream.IsRunning,
        };
    }

    private static Results<Ok<ViewerStatus[]>, ProblemHttpResult> ListViewers(string id, CameraCatalog catalog, StreamSessions sessions)
    {
        if (!catalog.TryGet(id, out _))
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not found", detail: "No camera with this id.");
        }

        return TypedResults.Ok(sessions.Live
            .Where(s => s.Feed.Camera == id)
            .OrderBy(s => s.StartedAt)
            .Select(s => new ViewerStatus(
                s.Id,
                s.Feed.Profile,
                s.Subject,
                s.RemoteAddress,
                s.StartedAt,
                s.Viewer.FramesSent,
                s.Viewer.FramesDroppedSlow,
                s.Viewer.FramesSkippedFps,
                s.Viewer.BytesSent,
                Math.Round(s.Viewer.LastLatency.TotalMilliseconds, 1),
                s.Viewer.Options.MaxFps,
                s.WritePath.ToString()))
            .ToArray());
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> EndViewer(string sessionId, HttpContext context, StreamSessions sessions, ILoggerFactory loggers)
    {
        if (!sessions.TryGet(sessionId, out var session))
        {
            // In a cluster the session may live on another replica: it ends it and confirms through Redis.
            if (context.RequestServices.GetService<ClusterKicks>() is { } kicks && sessionId.Length <= 64 && await kicks.KickAsync(sessionId))
            {
                AdminLog.ViewerEnded(loggers.CreateLogger(typeof(AdminEndpoints)), context.User.Identity?.Name ?? "admin", sessionId, "(on another node)", "?", "?");
                return TypedResults.NoContent();
            }

            return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not found", detail: "No live stream session with this id.");
        }

        session.End(AdminKickCause);
        AdminLog.ViewerEnded(loggers.CreateLogger(typeof(AdminEndpoints)), context.User.Identity?.Name ?? "admin", session.Id, session.Subject, session.Feed.Camera, session.Feed.Profile);
        return TypedResults.NoContent();
    }

    private static Ok<ConfigurationStatus> Configuration(CameraCatalog catalog, GatewaySettings settings) =>
        TypedResults.Ok(new ConfigurationStatus(
            catalog.Reloads,
            catalog.LastReloadAt,
            catalog.ConfigErrors.ToDictionary(e => e.CameraId, e => e.Problems, StringComparer.Ordinal),
            settings.RejectedEdit));
}
