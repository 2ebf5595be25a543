using Microsoft.AspNetCore.Http.Features;
using Mjpeg.Fanout;
using MjpegGateway.Cameras;

namespace MjpegGateway.Cluster;

/// <summary>
/// The relay port (the port of <see cref="ClusterOptions.NodeUrl"/>) serves one thing: <c>GET /relay/{camera}/{profile}</c>,
/// a feed this node owns, to another replica that signed the request with the cluster secret. The relay is one more viewer
/// of the feed's hub (so it keeps the camera connected, like any viewer) with no caps, tickets or rate limits: those were
/// applied on the replica the real viewers came to. Everything else on that port is 404, and the relay path is 404 on
/// every other port.
/// </summary>
internal sealed class RelayMiddleware(
    RequestDelegate next, ClusterNode node, RelaySignature signature, OwnedFeeds owned, CameraCatalog catalog, ClusterMetrics metrics,
    IHostApplicationLifetime lifetime, ILogger<RelayMiddleware> logger)
{
    /// <summary>The path every relay URL starts with.</summary>
    public const string PathPrefix = "/relay";

    // A relay carries frames for every viewer of a replica: the deepest queue a viewer may have.
    private const int RelayQueueCapacity = 3;

    private readonly int _port = node.Url?.Port ?? -1;

    public async Task InvokeAsync(HttpContext context)
    {
        if (context.Connection.LocalPort != _port)
        {
            if (context.Request.Path.StartsWithSegments(PathPrefix))
            {
                await Results.NotFound().ExecuteAsync(context);
                return;
            }

            await next(context);
            return;
        }

        var target = context.Features.Get<IHttpRequestFeature>()?.RawTarget ?? string.Empty;
        var path = target.Split('?')[0];
        var segments = path.Split('/');
        if (!HttpMethods.IsGet(context.Request.Method) || segments is not ["", "relay", var cameraSegment, var profileSegment])
        {
            await Results.NotFound().ExecuteAsync(context);
            return;
        }

        if (!signature.TryVerify(context.Request.Headers[RelaySignature.Header], path, out var from))
        {
            ClusterLog.RelayRefused(logger, path, context.Connection.RemoteIpAddress?.ToString(), "no valid cluster signature");
            await Results.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "Unauthorized", detail: "Relay requests must be signed with the cluster secret.").ExecuteAsync(context);
            return;
        }

        var cameraId = Uri.UnescapeDataString(cameraSegment);
        var profile = Uri.UnescapeDataString(profileSegment);
        if (!catalog.TryGet(cameraId, out var camera) || !camera.Feeds.TryGetValue(profile, out var feed))
        {
            await Results.NotFound().ExecuteAsync(context);
            return;
        }

        var feedName = $"{cameraId}/{profile}";
        if (!owned.IsOwner(feedName))
        {
            // The caller's view of the owner is stale; it asks Redis again.
            await Results.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, title: "Not the owner", detail: "This node does not pull this feed from the camera.").ExecuteAsync(context);
            return;
        }

        await ServeAsync(context, feed, feedName, from);
    }

    private async Task ServeAsync(HttpContext context, CameraFeed feed, string feedName, string from)
    {
        IDisposable demand;
        Viewer viewer;
        try
        {
            demand = feed.AcquireDemand();
            viewer = feed.Hub.Add(new ViewerOptions { QueueCapacity = RelayQueueCapacity, Label = "relay:" + from, OfferedFirst = true });
        }
        catch (ObjectDisposedException)
        {
            await Results.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, title: "Camera reconfigured").ExecuteAsync(context);
            return;
        }

        metrics.RelayConnected("in");
        metrics.RelayServed(1);
        ClusterLog.RelayChanged(logger, feedName, from, "started");
        try
        {
            using (demand)
            using (viewer)
            {
                var response = context.Response;
                response.ContentType = feed.Hub.Pool.ContentType;
                response.Headers.CacheControl = "no-store";
                context.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();
                // Shutting down ends relays at once (they are no viewer's session to drain): the other replicas move on now.
                using var ended = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, lifetime.ApplicationStopping);
                var reason = await viewer.PumpAsync(response.BodyWriter, feed.Hub.Pool.Preamble, ended.Token);
                if (reason is ViewerEndReason.Stalled or ViewerEndReason.ClientGone || lifetime.ApplicationStopping.IsCancellationRequested)
                {
                    context.Abort();
                }
            }
        }
        finally
        {
            metrics.RelayServed(-1);
            ClusterLog.RelayChanged(logger, feedName, from, "ended");
        }
    }
}
