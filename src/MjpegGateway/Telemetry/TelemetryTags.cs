namespace MjpegGateway.Telemetry;

/// <summary>
/// The one tag naming scheme of the gateway's metrics and spans: the same bare, snake_case names on both, so a
/// dashboard and a trace query use one vocabulary (<c>camera="lobby"</c> on a series, <c>camera=lobby</c> on a span).
/// Bare rather than prefixed because the meter and the activity source already say the values are the gateway's
/// (<see cref="GatewayMetrics.MeterName"/>, <see cref="GatewayActivities.SourceName"/>), and Prometheus labels stay short.
/// </summary>
public static class TelemetryTags
{
    /// <summary>The configured camera id (<c>unknown</c> for an id not configured, never an attacker-chosen value).</summary>
    public const string Camera = "camera";

    /// <summary>The camera profile.</summary>
    public const string Profile = "profile";

    /// <summary>The camera profile as <c>camera/profile</c> (an upstream connection, which serves one profile).</summary>
    public const string Feed = "feed";

    /// <summary>Why: a refusal, a dropped frame, a session's end.</summary>
    public const string Reason = "reason";

    /// <summary>An upstream state.</summary>
    public const string State = "state";

    /// <summary>A stream session id (spans only: a metric tag per session would grow with viewers).</summary>
    public const string Session = "session";

    /// <summary>Frames written to one viewer (spans only).</summary>
    public const string FramesSent = "frames_sent";

    /// <summary>Frames one viewer lost as slow (spans only).</summary>
    public const string FramesDropped = "frames_dropped";
}
