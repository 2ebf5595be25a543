using System.Globalization;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Primitives;
using Mjpeg.Fanout;
using Mjpeg.Frames;
using MjpegGateway.Cameras;
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
        cameras.MapGet("/", ListCameras).WithName("ListCameras");
        cameras.MapGet("/{id}/stream", StreamAsync).WithName("StreamCamera");
        cameras.MapGet("/{id}/snapshot", SnapshotAsync).WithName("CameraSnapshot");
        return endpoints;
    }

    private static IResult ListCameras(CameraCatalog catalog) =>
        Results.Ok(catalog.Cameras
            .OrderBy(c => c.Camera.Id, StringComparer.Ordinal)
            .Select(c => new CameraSummary(
                c.Camera.Id,
                c.Camera.Name,
                c.Camera.DefaultProfile,
                c.Viewers,
                c.Feeds.Values.Select(f => new ProfileSummary(f.Profile, f.Upstream.State.ToString(), f.Hub.ViewerCount)).ToArray())));

    private static async Task<IResult> StreamAsync(
        HttpContext context, string id, CameraCatalog catalog, IOptions<GatewayOptions> options, TimeProvider time, ILoggerFactory loggers)
    {
        var logger = loggers.CreateLogger(typeof(CameraEndpoints));
        var gateway = options.Value;
        if (!TryResolve(context, id, catalog, out var camera, out var feed, out var problem))
        {
            return problem;
        }

        if (!TryReadFps(context.Request.Query["fps"], gateway.MaxViewerFps, out var fps, out problem))
        {
            return problem;
        }

        using var admission = catalog.Admit(camera);
        if (!admission.IsAdmitted)
        {
            var full = admission.Rejection == AdmissionRejection.CameraFull ? "camera" : "gateway";
            StreamingLog.Refused(logger, id, $"{full} at its viewer limit");
            return Problems.Unavailable(context, "Too many viewers", $"The {full} has reached its maximum number of viewers.", RetryAfterFull);
        }

        if (IsRefused(feed))
        {
            return CameraUnavailable(context, logger, feed);
        }

        using var demand = feed.AcquireDemand();
        var sessionId = Guid.NewGuid().ToString("N");
        using var viewer = feed.Hub.Add(new ViewerOptions
        {
            QueueCapacity = gateway.ViewerQueueCapacity,
            MaxFps = fps,
            Label = sessionId,
        });

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
        var started = time.GetTimestamp();
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

        StreamingLog.StreamEnded(logger, sessionId, reason, time.GetElapsedTime(started), viewer.FramesSent, viewer.FramesDroppedSlow, viewer.FramesSkippedFps);
        return Results.Empty;
    }

    private static async Task<IResult> SnapshotAsync(
        HttpContext context, string id, CameraCatalog catalog, IOptions<GatewayOptions> options, ILoggerFactory loggers)
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
        using (feed.AcquireDemand())
        {
            frame = await feed.Hub.AcquireLatestAsync(TimeSpan.FromSeconds(options.Value.FirstFrameTimeoutSeconds), context.RequestAborted);
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

    private static bool IsRefused(CameraFeed feed) =>
        feed.Upstream.State is UpstreamState.Unauthorized or UpstreamState.NotFound or UpstreamState.Busy;

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
        var retryAfter = state is UpstreamState.Unauthorized or UpstreamState.NotFound or UpstreamState.Busy ? RefusedRetryAfter : RetryAfterFull;
        return Problems.Unavailable(context, "Camera unavailable", detail, retryAfter);
    }

    private sealed record CameraSummary(string Id, string Name, string DefaultProfile, int Viewers, ProfileSummary[] Profiles);

    private sealed record ProfileSummary(string Name, string State, int Viewers);
}
