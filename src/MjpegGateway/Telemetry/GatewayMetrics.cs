using System.Diagnostics.Metrics;

namespace MjpegGateway.Telemetry;

/// <summary>
/// The gateway's meter and its event-driven instruments (histograms and counters recorded as things happen).
/// Tags are camera and profile only, never viewer, IP or subject: those would explode the series count.
/// The instruments observed from live state are in <see cref="FeedMetrics"/>.
/// </summary>
public sealed class GatewayMetrics
{
    /// <summary>Meter name to subscribe to.</summary>
    public const string MeterName = "MjpegGateway";

    // Frame delivery is milliseconds on a LAN and seconds for a starved viewer; first frames wait for a camera connect.
    private static readonly double[] DeliveryBuckets = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5];
    private static readonly double[] FirstFrameBuckets = [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2, 3, 5, 10];

    private readonly Histogram<double> _delivery;
    private readonly Histogram<double> _firstFrame;
    private readonly Counter<long> _rejections;
    private readonly Counter<long> _sessionsEnded;

    public GatewayMetrics(IMeterFactory meters)
    {
        Meter = meters.Create(new MeterOptions(MeterName));
        _delivery = Meter.CreateHistogram(
            "mjpeg.frame.delivery.duration", "s", "Time from a frame's arrival from the camera to the viewer's write completing.",
            tags: null, advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = DeliveryBuckets });
        _firstFrame = Meter.CreateHistogram(
            "mjpeg.stream.first_frame.duration", "s", "Time from a stream's admission to its first frame written.",
            tags: null, advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = FirstFrameBuckets });
        _rejections = Meter.CreateCounter<long>("mjpeg.stream.rejections", "{request}", "Stream requests refused, by reason.");
        _sessionsEnded = Meter.CreateCounter<long>("mjpeg.stream.sessions", "{session}", "Stream sessions ended, by end reason.");
    }

    /// <summary>The gateway's meter (created through <see cref="IMeterFactory"/>, so it is scoped to this host).</summary>
    public Meter Meter { get; }

    /// <summary>True when anyone listens to frame delivery latency (checked per frame).</summary>
    public bool DeliveryEnabled => _delivery.Enabled;

    internal void FrameDelivered(TimeSpan latency, ReadOnlySpan<KeyValuePair<string, object?>> feedTags) =>
        _delivery.Record(latency.TotalSeconds, feedTags);

    internal void FirstFrame(TimeSpan elapsed, ReadOnlySpan<KeyValuePair<string, object?>> feedTags) =>
        _firstFrame.Record(elapsed.TotalSeconds, feedTags);

    internal void StreamRejected(string camera, string reason) =>
        _rejections.Add(1, new KeyValuePair<string, object?>(TelemetryTags.Camera, camera), new KeyValuePair<string, object?>(TelemetryTags.Reason, reason));

    internal void SessionEnded(string camera, string profile, string reason) =>
        _sessionsEnded.Add(1, new KeyValuePair<string, object?>(TelemetryTags.Camera, camera), new KeyValuePair<string, object?>(TelemetryTags.Profile, profile), new KeyValuePair<string, object?>(TelemetryTags.Reason, reason));
}
