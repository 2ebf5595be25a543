using Microsoft.AspNetCore.Http.Features;
using Mjpeg.Fanout;
using MjpegGateway.Cameras;
using MjpegGateway.Security;
using MjpegGateway.Transport;

namespace MjpegGateway.Streaming;

/// <summary>
/// Writes a joined viewer's frames to the response until the stream ends: the headers of an endless response, the
/// deadline of the credential (or <c>Gateway:MaxStreamDurationSeconds</c>), the viewer's writer loop, and how it ended.
/// </summary>
internal static class StreamPump
{
    /// <summary>Audit end reason of a stream whose token (or the token behind its ticket) expired.</summary>
    public const string CredentialExpiredCause = "CredentialExpired";

    /// <summary>Audit end reason of a stream that reached <c>Gateway:MaxStreamDurationSeconds</c>.</summary>
    public const string MaxDurationCause = "MaxDuration";

    public static async Task PumpAsync(HttpContext context, CameraFeed feed, Viewer viewer, StreamSession session, StreamCapOptions caps, TimeProvider time, ILogger logger)
    {
        var response = context.Response;
        response.ContentType = feed.Hub.Pool.ContentType;
        response.Headers.CacheControl = "no-cache, no-store, must-revalidate";
        response.Headers.Pragma = "no-cache";
        response.Headers.Expires = "0";
        // Tell nginx-style proxies in front of us not to buffer an endless response.
        response.Headers["X-Accel-Buffering"] = "no";
        context.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();

        StreamingLog.StreamStarted(logger, session.Id, feed.Camera.Id, feed.Profile);
        // A stream must not outlive its credential (or the configured maximum duration).
        using var deadline = Deadline(context, caps, time, session, logger);
        var zeroCopy = await ZeroCopyViewerOutput.TryStartAsync(context, feed.Hub.Pool);
        session.WritePath = zeroCopy is null ? StreamWritePath.ResponsePipe : StreamWritePath.ZeroCopy;
        var reason = zeroCopy is null
            ? await viewer.PumpAsync(response.BodyWriter, feed.Hub.Pool.Preamble, context.RequestAborted)
            : await viewer.PumpAsync(zeroCopy, context.RequestAborted);
        if (reason == ViewerEndReason.Stalled)
        {
            StreamingLog.StreamStalled(logger, session.Id, feed.Camera.Id, feed.Hub.Options.StallTimeout);
        }

        if (reason is ViewerEndReason.Stalled or ViewerEndReason.ClientGone)
        {
            // A half-written part cannot be finished cleanly; drop the connection instead of waiting on it.
            context.Abort();
        }
    }

    // Ends the session, like an admin kick or the shutdown drain, so the audit log and metrics say why.
    private static ITimer? Deadline(HttpContext context, StreamCapOptions caps, TimeProvider time, StreamSession session, ILogger logger)
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
}
