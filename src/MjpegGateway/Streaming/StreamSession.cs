using System.Diagnostics;
using Mjpeg.Fanout;
using MjpegGateway.Telemetry;

namespace MjpegGateway.Streaming;

/// <summary>
/// One viewer's stream as operators see it: who (subject, remote address), what (camera, profile), since when,
/// and its viewer's live counters. Dispose it when the stream ends: that retires its counts into the camera's
/// totals, records the session metrics and writes the audit event.
/// </summary>
public sealed class StreamSession : IDisposable
{
    private readonly StreamSessions _owner;
    private readonly GatewayMetrics _metrics;
    private readonly TimeProvider _time;
    private readonly KeyValuePair<string, object?>[] _feedTags;
    private readonly int _deliverySampleEvery;
    // Frames until the next delivery sample; only the viewer's writer loop touches it.
    private int _untilDeliverySample;
    private string? _endCause;
    private int _firstFrameSeen;
    private int _disposed;

    internal StreamSession(StreamSessions owner, GatewayMetrics metrics, TimeProvider time, Viewer viewer, FeedKey feed, string subject, string remoteAddress, Activity? activity, int deliverySampleEvery = 1)
    {
        _deliverySampleEvery = deliverySampleEvery;
        _untilDeliverySample = deliverySampleEvery == 1 ? 1 : Random.Shared.Next(1, deliverySampleEvery + 1);
        _owner = owner;
        _metrics = metrics;
        _time = time;
        Viewer = viewer;
        Feed = feed;
        Id = viewer.Options.Label ?? Guid.NewGuid().ToString("N");
        Subject = subject;
        RemoteAddress = remoteAddress;
        Activity = activity;
        StartedAt = time.GetUtcNow();
        StartTimestamp = time.GetTimestamp();
        _feedTags = [new(TelemetryTags.Camera, feed.Camera), new(TelemetryTags.Profile, feed.Profile)];
        viewer.FrameSent += OnFrameSent;
    }

    /// <summary>Session id (also the viewer's label and the admin API's key).</summary>
    public string Id { get; }

    /// <summary>Camera and profile.</summary>
    public FeedKey Feed { get; }

    /// <summary>Authenticated subject, or <c>anonymous</c> for a public camera.</summary>
    public string Subject { get; }

    /// <summary>Client address as the gateway sees it (after forwarded-header processing, if any).</summary>
    public string RemoteAddress { get; }

    /// <summary>When the stream was admitted.</summary>
    public DateTimeOffset StartedAt { get; }

    /// <summary>The viewer: its queue, writer loop and counters.</summary>
    public Viewer Viewer { get; }

    /// <summary>How the stream's frames reach the connection; set when the response starts.</summary>
    public StreamWritePath WritePath { get; internal set; }

    /// <summary>Why the gateway ended the stream on purpose (admin, shutdown), or null.</summary>
    public string? EndCause => Volatile.Read(ref _endCause);

    internal long StartTimestamp { get; }

    internal Activity? Activity { get; }

    /// <summary>The end reason for the audit log and metrics.</summary>
    internal string EndReason => EndCause ?? (Viewer.EndReason == ViewerEndReason.None ? "NotStarted" : Viewer.EndReason.ToString());

    /// <summary>Ends the stream on purpose; <paramref name="cause"/> (e.g. <c>AdminKick</c>, <c>Shutdown</c>) is what the audit log records.</summary>
    public void End(string cause)
    {
        Interlocked.CompareExchange(ref _endCause, cause, null);
        Viewer.End(ViewerEndReason.Ended);
    }

    /// <summary>Retires the session (once).</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            Viewer.FrameSent -= OnFrameSent;
            _owner.Retire(this, _time.GetElapsedTime(StartTimestamp));
        }
    }

    private void OnFrameSent(Viewer viewer, TimeSpan latency)
    {
        if (--_untilDeliverySample == 0)
        {
            _untilDeliverySample = _deliverySampleEvery;
            if (_metrics.DeliveryEnabled)
            {
                _metrics.FrameDelivered(latency, _feedTags);
            }
        }

        if (Volatile.Read(ref _firstFrameSeen) == 0 && Interlocked.Exchange(ref _firstFrameSeen, 1) == 0)
        {
            _metrics.FirstFrame(_time.GetElapsedTime(StartTimestamp), _feedTags);
        }
    }
}
