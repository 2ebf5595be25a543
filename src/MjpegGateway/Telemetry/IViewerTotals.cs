namespace MjpegGateway.Telemetry;

/// <summary>
/// Where the viewer counters come from (Streaming/StreamSessions): telemetry observes the sessions, it does not own
/// them, so the dependency points from streaming to telemetry.
/// </summary>
public interface IViewerTotals
{
    /// <summary>Viewer totals per camera profile: ended sessions plus live ones.</summary>
    Dictionary<FeedKey, ViewerTotals> Totals();
}
