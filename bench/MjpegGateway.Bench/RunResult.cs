namespace MjpegGateway.Bench;

/// <summary>Everything measured for one viewer count.</summary>
internal sealed record RunResult
{
    public required int Viewers { get; init; }

    /// <summary>
    /// Viewers that parsed and measured (<c>--measured-viewers</c>); the rest drained. Frame rate, latency and the
    /// viewers' drops are theirs; delivered bytes and cost per GB count every viewer.
    /// </summary>
    public required int MeasuredViewers { get; init; }

    /// <summary>Viewers that failed to connect, got a non-200 answer or lost the stream before the run stopped them.</summary>
    public required int Errored { get; init; }

    /// <summary>Viewers that never received a frame.</summary>
    public required int NoFrames { get; init; }

    /// <summary>Distinct error reasons with their counts, for the console.</summary>
    public required IReadOnlyDictionary<string, int> ErrorReasons { get; init; }

    /// <summary>Frames per second the camera sent during the window, from the stamp sequence.</summary>
    public required double CameraFps { get; init; }

    public required double FpsMin { get; init; }

    public required double FpsP5 { get; init; }

    public required double FpsP50 { get; init; }

    /// <summary>
    /// The lowest frame rate among draining viewers, estimated from their bytes over the measuring viewers' mean frame
    /// size (TLS records make it read up to 0.2 % high); NaN when no viewer drained.
    /// </summary>
    public required double DrainFpsMin { get; init; }

    public required long LatencySamples { get; init; }

    public required double LatencyP50Ms { get; init; }

    public required double LatencyP99Ms { get; init; }

    public required double LatencyMaxMs { get; init; }

    /// <summary>Frames sent in the window that viewers never got, over frames sent, summed over all viewers.</summary>
    public required double DroppedRatio { get; init; }

    /// <summary>The same ratio for the viewer that lost most.</summary>
    public required double DroppedRatioWorst { get; init; }

    /// <summary>The gateway's own count of frames written and dropped for slow viewers in the window, all viewers.</summary>
    public GatewayDelivery GatewayDelivery { get; init; } = GatewayDelivery.Unknown;

    /// <summary>Mean JPEG size delivered in the window.</summary>
    public required double AverageFrameKb { get; init; }

    /// <summary>JPEG payload delivered to all viewers together, MB/s (draining viewers' bytes counted as JPEG in the measuring viewers' proportion).</summary>
    public required double DeliveredMBps { get; init; }

    public required long Unstamped { get; init; }

    public required long OutOfOrder { get; init; }

    public required double WindowSeconds { get; init; }

    public required double GatewayCpuSeconds { get; init; }

    public double GatewayCores => GatewayCpuSeconds / WindowSeconds;

    /// <summary>CPU of this process (viewers plus the in-process simulator), in cores.</summary>
    public required double BenchCores { get; init; }

    /// <summary>Busy cores of the whole machine during the window.</summary>
    public required double MachineBusyCores { get; init; }

    /// <summary>Busy cores neither the gateway nor this tool used: the kernel's softirq work and anything else running.</summary>
    public double OtherCores => Math.Max(0, MachineBusyCores - GatewayCores - BenchCores);

    /// <summary>
    /// Gateway RSS once it is ready and its camera streams, before the first viewer (before the cold joins and the
    /// primer): what the "RSS before viewers" names.
    /// </summary>
    public required long ReadyRssKb { get; init; }

    /// <summary>Gateway RSS after the cold joins and the primer, just before the N viewers: what growth is counted from.</summary>
    public required long BaselineRssKb { get; init; }

    public required long WindowStartRssKb { get; init; }

    public required long WindowEndRssKb { get; init; }

    public required long PeakRssKb { get; init; }

    /// <summary>Gateway RSS at the window's start, every couple of seconds through it, and at its end.</summary>
    public required IReadOnlyList<long> RssTraceKb { get; init; }

    public double GrowthKbPerViewer => (WindowStartRssKb - BaselineRssKb) / (double)Viewers;

    public required int GatewayThreads { get; init; }

    /// <summary>Upstream connections the camera served over the whole run (the target is exactly 1).</summary>
    public required int UpstreamConnections { get; init; }

    public required int GatewayWarnings { get; init; }

    public required int GatewayErrors { get; init; }

    public required IReadOnlyList<string> GatewayLog { get; init; }

    /// <summary>The gateway set-up measured (<c>--variant</c>); "default" without one.</summary>
    public string Variant { get; init; } = BenchVariant.Default.Name;

    /// <summary>Which repetition of <c>--repeat</c> this was, from 1.</summary>
    public int Repetition { get; init; } = 1;

    /// <summary>JPEG size asked of the simulator (<c>--frame-kb</c>); 0 for its clean card.</summary>
    public int FrameKbAsked { get; init; }

    /// <summary>Frames the simulator encoded and then repeated (<c>--camera-frame-loop</c>); 0 when it encoded every frame.</summary>
    public int CameraFrameLoop { get; init; }

    /// <summary><c>http</c>, <c>https</c> or <c>h2xS</c> (HTTP/2 over TLS, S streams per connection).</summary>
    public string Transport { get; init; } = "http";

    /// <summary>Whether viewers presented a JWT.</summary>
    public bool Jwt { get; init; }

    /// <summary>The gateway's CPU list (<c>--gateway-cpus</c>), or null when unpinned.</summary>
    public string? GatewayCpus { get; init; }

    /// <summary>JPEG bytes delivered to all viewers together in the window.</summary>
    public long DeliveredBytes { get; init; }

    /// <summary>
    /// Gateway CPU seconds per 10^9 JPEG bytes delivered: the cost of the fan-out independent of how many viewers
    /// there were (multipart headers, chunk framing and TLS overhead are the gateway's cost, not counted as delivered).
    /// </summary>
    public double CoreSecondsPerGB => DeliveredBytes == 0 ? 0 : GatewayCpuSeconds / (DeliveredBytes / 1e9);

    /// <summary>Joins while the others watched (<c>--joins</c>).</summary>
    public TtffSummary JoinTtff { get; init; } = TtffSummary.None;

    /// <summary>The first viewers after the gateway was ready (<c>--cold-joins</c>).</summary>
    public TtffSummary ColdTtff { get; init; } = TtffSummary.None;
}
