namespace MjpegGateway.Configuration;

/// <summary>Gateway-wide streaming limits, overload shedding, and the process's start-up heap compaction, section <c>Gateway</c>.</summary>
public sealed class GatewayOptions
{
    /// <summary>Configuration section name.</summary>
    public const string Section = "Gateway";

    /// <summary>Most concurrent stream viewers in total. Default 2000.</summary>
    public int MaxViewersTotal { get; set; } = 2000;

    /// <summary>Frames queued per viewer, 1 to 3. Default 2: one in flight plus one waiting; more only adds lag.</summary>
    public int ViewerQueueCapacity { get; set; } = 2;

    /// <summary>
    /// Largest piece of a frame handed to a viewer's response in one write (each piece is flushed and sent on its
    /// own); 0 writes each frame whole. Default 0: one send per frame, 10–35 % less CPU per delivered byte than
    /// 24 KB slices over HTTP, half over HTTPS (see <c>Viewer.DefaultWriteSliceBytes</c> and docs/benchmarks.md, issue 10).
    /// </summary>
    public int ViewerWriteSliceBytes { get; set; } = Mjpeg.Fanout.Viewer.DefaultWriteSliceBytes;

    /// <summary>A viewer whose writes make no progress for this many seconds is disconnected. Default 10.</summary>
    public double StallTimeoutSeconds { get; set; } = 10;

    /// <summary>How long a new stream or snapshot waits for the camera's first frame before 503. Default 5 s.</summary>
    public double FirstFrameTimeoutSeconds { get; set; } = 5;

    /// <summary>Largest JPEG accepted from a camera; bigger parts are skipped. Default 8 MiB.</summary>
    public int MaxFrameBytes { get; set; } = 8 * 1024 * 1024;

    /// <summary>Largest header block of one multipart part from a camera. Default 8 KiB.</summary>
    public int MaxPartHeaderBytes { get; set; } = 8 * 1024;

    /// <summary>Highest <c>?fps=</c> a viewer may ask for. Default 60.</summary>
    public double MaxViewerFps { get; set; } = 60;

    /// <summary>
    /// Seconds to wait after a change of the configuration file before re-reading it. Default 0.5: editors and file
    /// watchers report one save several times, and a half-written file must not be read.
    /// </summary>
    public double ConfigReloadDelaySeconds { get; set; } = 0.5;

    /// <summary>
    /// Once the gateway has started, compacts the managed heap and gives its free pages back to the system, so start-up's
    /// garbage does not stay resident. Default true: over HTTPS + JWT, 5 MB less RSS until viewers grow the heap again,
    /// and the first viewers no longer wait out the collector's first full collection (cold TTFF p99 about 50 → 37 ms);
    /// the cost is one blocking collection of about 25 ms right after start (docs/benchmarks.md, issue 10, eleventh pass).
    /// </summary>
    public bool CompactHeapAfterStart { get; set; } = true;

    /// <summary>Reconnect timing after an upstream failure.</summary>
    public ReconnectOptions Reconnect { get; set; } = new();

    /// <summary>When the gateway counts as overloaded, and whether it then refuses new streams.</summary>
    public OverloadOptions Overload { get; set; } = new();
}
