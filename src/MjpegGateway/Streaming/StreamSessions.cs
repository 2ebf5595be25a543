using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;
using Mjpeg.Fanout;
using MjpegGateway.Cameras;
using MjpegGateway.Security;
using MjpegGateway.Telemetry;

namespace MjpegGateway.Streaming;

/// <summary>
/// The live stream sessions, for the admin API, the metrics and the drain at shutdown, plus the counts of ended
/// sessions per camera profile so that counters stay monotonic when viewers leave.
/// </summary>
public sealed class StreamSessions(GatewayMetrics metrics, TimeProvider time, ILoggerFactory loggers, IOptions<TelemetryOptions> telemetry) : IViewerTotals
{
    private readonly int _deliverySampleEvery = telemetry.Value.DeliverySampleEvery;
    private readonly ConcurrentDictionary<string, StreamSession> _live = new(StringComparer.Ordinal);
    private readonly Dictionary<FeedKey, ViewerTotals> _retired = [];
    // Retiring a session and summing live + retired take this lock, so a scrape never sees a viewer counted twice or not at all.
    private readonly object _totalsGate = new();
    private TaskCompletionSource? _emptied;
    private int _closed;
    private readonly ILogger _audit = loggers.CreateLogger(AuditLog.Category);

    /// <summary>Live sessions, a snapshot.</summary>
    public IReadOnlyCollection<StreamSession> Live => [.. _live.Values];

    /// <summary>Number of live sessions.</summary>
    public int Count => _live.Count;

    /// <summary>True once <see cref="Close"/> ran (shutdown): no new streams are admitted.</summary>
    public bool IsClosed => Volatile.Read(ref _closed) == 1;

    /// <summary>Admits no new streams from now on (the shutdown drain); live ones run on.</summary>
    public void Close() => Volatile.Write(ref _closed, 1);

    /// <summary>
    /// Registers a stream that has been admitted and attached to its hub. Also takes the request out of the HTTP
    /// request-duration metric: an endless stream's duration would drown every real request's.
    /// </summary>
    public StreamSession Start(HttpContext context, CameraFeed feed, Viewer viewer)
    {
        var metricsTags = context.Features.Get<IHttpMetricsTagsFeature>();
        if (metricsTags is not null)
        {
            metricsTags.MetricsDisabled = true;
        }

        var key = new FeedKey(feed.Camera.Id, feed.Profile);
        var caller = Caller.Of(context);
        var activity = GatewayActivities.Source.StartActivity("mjpeg.stream", ActivityKind.Internal);
        activity?.SetTag(TelemetryTags.Camera, key.Camera);
        activity?.SetTag(TelemetryTags.Profile, key.Profile);
        activity?.SetTag(TelemetryTags.Session, viewer.Options.Label);
        var session = new StreamSession(this, metrics, time, viewer, key, caller.AuditName, caller.Address, activity, _deliverySampleEvery);
        lock (_totalsGate)
        {
            _live[session.Id] = session;
        }

        return session;
    }

    /// <summary>Completes when no session is live (at once if none is); for the shutdown drain.</summary>
    public Task WhenEmptyAsync()
    {
        lock (_totalsGate)
        {
            return _live.IsEmpty ? Task.CompletedTask : (_emptied ??= new(TaskCreationOptions.RunContinuationsAsynchronously)).Task;
        }
    }

    /// <summary>Finds a live session.</summary>
    public bool TryGet(string sessionId, [NotNullWhen(true)] out StreamSession? session) => _live.TryGetValue(sessionId, out session);

    /// <summary>Ends every live session with <paramref name="cause"/>; returns how many.</summary>
    public int EndAll(string cause)
    {
        var sessions = Live;
        foreach (var session in sessions)
        {
            session.End(cause);
        }

        return sessions.Count;
    }

    /// <summary>Viewer totals per camera profile: ended sessions plus live ones.</summary>
    public Dictionary<FeedKey, ViewerTotals> Totals()
    {
        lock (_totalsGate)
        {
            var totals = new Dictionary<FeedKey, ViewerTotals>(_retired);
            foreach (var session in _live.Values)
            {
                totals[session.Feed] = totals.GetValueOrDefault(session.Feed).Add(session.Viewer);
            }

            return totals;
        }
    }

    internal void Retire(StreamSession session, TimeSpan duration)
    {
        var viewer = session.Viewer;
        TaskCompletionSource? emptied = null;
        lock (_totalsGate)
        {
            _live.TryRemove(session.Id, out _);
            _retired[session.Feed] = _retired.GetValueOrDefault(session.Feed).Add(viewer);
            if (_live.IsEmpty)
            {
                (emptied, _emptied) = (_emptied, null);
            }
        }

        emptied?.TrySetResult();

        var reason = session.EndReason;
        metrics.SessionEnded(session.Feed.Camera, session.Feed.Profile, reason);
        if (session.Activity is { } activity)
        {
            activity.SetTag(TelemetryTags.FramesSent, viewer.FramesSent);
            activity.SetTag(TelemetryTags.FramesDropped, viewer.FramesDroppedSlow);
            activity.SetTag(TelemetryTags.Reason, reason);
            activity.Stop();
        }

        AuditLog.SessionEnded(
            _audit, session.Id, session.Feed.Camera, session.Feed.Profile, session.Subject, session.RemoteAddress,
            session.StartedAt, duration, viewer.FramesSent, viewer.FramesDroppedSlow, viewer.FramesSkippedFps, viewer.BytesSent, reason);
    }
}
