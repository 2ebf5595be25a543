namespace MjpegGateway.Bench;

/// <summary>
/// The gateway's own count of what it delivered, from its <c>/metrics</c>: frames written to viewers and frames it
/// dropped for viewers that fell behind (reason <c>slow_viewer</c>), summed over all viewers, and camera frames it
/// offered to no viewer because it was still offering the previous one (a saturated core). The difference of two
/// reads is a window's. It covers draining viewers too (<see cref="BenchOptions.MeasuredViewers"/>), which have no
/// frame counts of their own. NaN where the server has no such metrics (the C reference) or the scrape failed.
/// </summary>
internal readonly record struct GatewayDelivery(double FramesWritten, double FramesDropped, double FramesSkipped)
{
    public static readonly GatewayDelivery Unknown = new(double.NaN, double.NaN, double.NaN);

    /// <summary>Dropped over offered (written plus dropped); NaN when unknown or nothing was offered.</summary>
    public double DroppedRatio => FramesWritten + FramesDropped > 0 ? FramesDropped / (FramesWritten + FramesDropped) : double.NaN;

    /// <summary>One read of <paramref name="server"/>'s counters; <see cref="Unknown"/> for a server without them.</summary>
    public static async Task<GatewayDelivery> ReadAsync(GatewayProcess server, HttpClient client, CancellationToken cancellationToken)
    {
        if (!server.IsGateway)
        {
            return Unknown;
        }

        var metrics = await MetricsScrape.ReadAsync(client, cancellationToken);
        return new GatewayDelivery(
            metrics.Sum("mjpeg_viewer_frames_total"), metrics.Sum("mjpeg_viewer_frames_dropped_total", "slow_viewer"), metrics.Sum("mjpeg_upstream_frames_skipped_total"));
    }

    public static GatewayDelivery operator -(GatewayDelivery end, GatewayDelivery start) =>
        new(end.FramesWritten - start.FramesWritten, end.FramesDropped - start.FramesDropped, end.FramesSkipped - start.FramesSkipped);
}
