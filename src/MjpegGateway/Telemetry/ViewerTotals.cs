using Mjpeg.Fanout;

namespace MjpegGateway.Telemetry;

/// <summary>Cumulative viewer counts of one camera profile.</summary>
public readonly record struct ViewerTotals(long FramesSent, long FramesDroppedSlow, long FramesSkippedFps, long BytesSent)
{
    /// <summary>These totals plus one viewer's counts.</summary>
    public ViewerTotals Add(Viewer viewer) =>
        new(FramesSent + viewer.FramesSent, FramesDroppedSlow + viewer.FramesDroppedSlow, FramesSkippedFps + viewer.FramesSkippedFps, BytesSent + viewer.BytesSent);
}
