using MjpegGateway.Cameras;
using MjpegGateway.Http;
using MjpegGateway.Security;
using MjpegGateway.Telemetry;
using MjpegGateway.Upstream;

namespace MjpegGateway.Streaming;

/// <summary>
/// Decides whether a stream (or snapshot) may start, in one place: the shutdown drain, the camera and profile, overload
/// (<see cref="OverloadGuard"/>), the caps (per subject, per IP, per camera, gateway-wide: <see cref="IStreamCaps"/>), the camera's own state
/// (a camera that refuses our credentials or is busy), and then the caller's ticket, used up only by a request that
/// passed all of these (a refused one keeps it for a retry; of two racing with one ticket, one gets 401). Access rights are
/// decided before, by the endpoint's camera-access metadata (Security/CameraAccessDecision).
/// </summary>
public sealed class StreamAdmission(
    CameraCatalog catalog, IStreamCaps caps, IStreamTicketStore tickets, StreamSessions sessions, OverloadGuard overload, ILogger<StreamAdmission> logger)
{
    /// <summary>The ticket was used (or ran out) between authentication and admission: another request with it won.</summary>
    public static readonly StreamRefusal TicketUsed =
        new(StatusCodes.Status401Unauthorized, "Unauthorized", "This ticket is used or expired; ask for a new one.", Mark: StreamRejection.Auth);

    /// <summary>Retry-After of a refusal for limits (caps, viewers, drain, overload, a slow camera).</summary>
    public static readonly TimeSpan RetryAfterFull = TimeSpan.FromSeconds(10);

    /// <summary>Retry-After when the camera refuses the gateway (credentials, busy, no such stream): it will not change soon.</summary>
    public static readonly TimeSpan RefusedRetryAfter = TimeSpan.FromSeconds(30);

    /// <summary>A new stream while the gateway is overloaded (<see cref="OverloadGuard"/>). After <see cref="RetryAfterFull"/>: static fields start in order.</summary>
    public static readonly StreamRefusal Overloaded = new(
        StatusCodes.Status503ServiceUnavailable,
        "Overloaded",
        "The gateway is at its capacity: it is already skipping camera frames for the viewers it has. Retry later, or on another replica.",
        RetryAfterFull,
        StreamRejection.Overload);

    /// <summary>Admits <paramref name="request"/>, or says why not. Dispose the lease when the stream ends.</summary>
    public async ValueTask<Admission> AdmitAsync(StreamRequest request, CancellationToken cancellationToken)
    {
        if (!request.Snapshot && sessions.IsClosed)
        {
            return Refuse(new(StatusCodes.Status503ServiceUnavailable, "Shutting down", "The gateway is shutting down; connect again.", RetryAfterFull, StreamRejection.Draining));
        }

        if (!catalog.TryGet(request.CameraId, out var camera))
        {
            return Refuse(new(StatusCodes.Status404NotFound, "Not found", "No camera with this id."));
        }

        var profile = string.IsNullOrEmpty(request.Profile) ? camera.Camera.DefaultProfile : request.Profile;
        if (!camera.Feeds.TryGetValue(profile, out var feed))
        {
            return Refuse(new(StatusCodes.Status400BadRequest, "Bad request", $"Unknown profile. This camera has: {string.Join(", ", camera.Feeds.Keys)}."));
        }

        if (!request.Snapshot && overload.ShedsNewStreams)
        {
            StreamingLog.Refused(logger, camera.Camera.Id, "gateway overloaded");
            return Refuse(Overloaded);
        }

        IAsyncDisposable? slot = null;
        if (!request.Snapshot)
        {
            var capped = await caps.TryReserveAsync(
                new StreamCapRequest(request.Caller.Subject, request.Caller.Address, camera.Camera.Id, camera.Camera.Options.MaxViewers),
                cancellationToken).ConfigureAwait(false);
            if (capped.Slot is null)
            {
                return Refuse(CapRefusal(request.CameraId, capped.Rejection));
            }

            slot = capped.Slot;
        }

        var refusal = feed.Upstream.State.IsRefusal() ? Unavailable(feed) : null;
        if (refusal is null && request.Ticket is { } ticket)
        {
            try
            {
                if (await tickets.TryRedeemAsync(ticket, cancellationToken).ConfigureAwait(false) is null)
                {
                    StreamingLog.Refused(logger, camera.Camera.Id, "ticket used or expired since authentication");
                    refusal = TicketUsed;
                }
            }
            catch
            {
                if (slot is not null)
                {
                    await slot.DisposeAsync().ConfigureAwait(false);
                }

                throw;
            }
        }

        IDisposable? demand = null;
        if (refusal is null)
        {
            try
            {
                demand = feed.AcquireDemand();
            }
            catch (ObjectDisposedException)
            {
                refusal = StreamRefusal.CameraReconfigured;
            }
        }

        if (demand is null)
        {
            if (slot is not null)
            {
                await slot.DisposeAsync().ConfigureAwait(false);
            }

            return Refuse(refusal!);
        }

        return new Admission(new StreamLease(camera, feed, demand, slot), null);
    }

    /// <summary>
    /// 503 for a camera that cannot serve: it refused our credentials, has no such stream, is busy, or sent no
    /// picture in time (also used when the first frame does not come). Logged.
    /// </summary>
    public StreamRefusal Unavailable(CameraFeed feed)
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
        return new(StatusCodes.Status503ServiceUnavailable, "Camera unavailable", detail, state.IsRefusal() ? RefusedRetryAfter : RetryAfterFull);
    }

    private StreamRefusal CapRefusal(string cameraId, StreamCapRejection rejection)
    {
        switch (rejection)
        {
            case StreamCapRejection.Subject or StreamCapRejection.Ip:
                var who = rejection == StreamCapRejection.Subject ? "your token" : "your address";
                StreamingLog.Refused(logger, cameraId, $"{who} at its stream limit");
                return new(StatusCodes.Status429TooManyRequests, "Too many streams", $"{char.ToUpperInvariant(who[0])}{who[1..]} holds the maximum number of concurrent streams.", RetryAfterFull, StreamRejection.Cap);
            case StreamCapRejection.Camera or StreamCapRejection.Gateway:
                var full = rejection == StreamCapRejection.Camera ? "camera" : "gateway";
                StreamingLog.Refused(logger, cameraId, $"{full} at its viewer limit");
                return new(StatusCodes.Status503ServiceUnavailable, "Too many viewers", $"The {full} has reached its maximum number of viewers.", RetryAfterFull, StreamRejection.Cap);
            default:
                StreamingLog.Refused(logger, cameraId, "stream caps unavailable");
                return new(StatusCodes.Status503ServiceUnavailable, "Service unavailable", "The gateway cannot check its stream limits now; retry.", RetryAfterFull, StreamRejection.Cap);
        }
    }

    private static Admission Refuse(StreamRefusal refusal) => new(null, refusal);
}
