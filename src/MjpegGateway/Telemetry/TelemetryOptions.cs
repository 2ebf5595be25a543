namespace MjpegGateway.Telemetry;

/// <summary>Metrics, traces and the Prometheus endpoint, section <c>Telemetry</c>.</summary>
public sealed class TelemetryOptions
{
    /// <summary>Configuration section name.</summary>
    public const string Section = "Telemetry";

    /// <summary><c>service.name</c> of the exported resource. Default <c>mjpeg-gateway</c>.</summary>
    public string ServiceName { get; set; } = "mjpeg-gateway";

    /// <summary>
    /// <c>service.instance.id</c> of the exported resource: which replica the metrics come from. The Prometheus endpoint
    /// shows it on <c>target_info</c>, OTLP sends it with every metric. Not read from configuration: the cluster sets it
    /// to its node id (<c>Cluster:NodeId</c>), the name leases and the admin API use; without a cluster OpenTelemetry makes
    /// one per process.
    /// </summary>
    internal string? ServiceInstanceId { get; set; }

    /// <summary>Path of the Prometheus scrape endpoint. Default <c>/metrics</c>.</summary>
    public string MetricsPath { get; set; } = "/metrics";

    /// <summary>
    /// Networks (CIDR or addresses) whose clients may scrape <see cref="MetricsPath"/> without a token, e.g. the
    /// Prometheus pods' network. Default empty: an admin token is needed.
    /// </summary>
    public List<string> MetricsAllowedNetworks { get; set; } = [];

    /// <summary>
    /// A local port on which <see cref="MetricsPath"/> needs no token (a management port not exposed outside the
    /// cluster). The gateway must also listen on it, e.g. <c>ASPNETCORE_URLS=https://+:8443;http://+:9090</c>. Default none.
    /// </summary>
    public int? ManagementPort { get; set; }

    /// <summary>How often frame and byte rates (fps in and out, bitrate) are sampled, in seconds. Default 1.</summary>
    public double RateSampleSeconds { get; set; } = 1;

    /// <summary>Rates are averaged over this many seconds. Default 5: smooth enough to read, short enough to show a stall.</summary>
    public double RateWindowSeconds { get; set; } = 5;

    /// <summary>
    /// Length of one log-throttling window, in seconds. Default 10. Refusal audit lines (event 501) and Kestrel's
    /// warning and error lines are throttled per source (client address; connection for Kestrel): within a window each
    /// source writes at most <see cref="LogLinesPerSource"/> lines and each kind at most <see cref="LogLinesPerWindow"/>;
    /// the rest are counted and summed up in one line per kind at the window's end (event 502), so an attacker cannot
    /// flood the logs, while a person still sees who was refused and how often.
    /// </summary>
    public double LogThrottleWindowSeconds { get; set; } = 10;

    /// <summary>Lines one source may write per kind and window. Default 5: enough to see what it did.</summary>
    public int LogLinesPerSource { get; set; } = 5;

    /// <summary>Lines one kind (refusals, Kestrel) may write per window from all sources together. Default 50.</summary>
    public int LogLinesPerWindow { get; set; } = 50;

    /// <summary>Sources tracked per window; sources past it share one entry. Default 1000: bounds the table's memory.</summary>
    public int LogThrottleMaxSources { get; set; } = 1000;

    /// <summary>
    /// The frame-delivery histogram (<c>mjpeg.frame.delivery.duration</c>) records one in this many frames of each
    /// viewer, starting at a random frame per viewer so viewers are not sampled in step. Default 1: every viewer-frame.
    /// </summary>
    /// <remarks>
    /// A sample is unbiased: percentiles keep their meaning, only the histogram's count is divided by this. Recording
    /// costs a tag lookup per call (1000 viewers at 15 fps are 15 000 a second); see docs/benchmarks.md (issue 10).
    /// </remarks>
    public int DeliverySampleEvery { get; set; } = 1;

    /// <summary>
    /// Export Kestrel's memory-pool instruments (meter <c>Microsoft.AspNetCore.MemoryPool</c>: bytes pooled, allocated,
    /// evicted, rented). Default false: the pool records every 4 KB block rented and returned, about 50 recordings per
    /// frame per viewer, which was ≈ 2 % of the gateway's CPU at 1000 viewers (docs/benchmarks.md, issue 10). Read
    /// on demand with <c>dotnet-counters monitor --counters Microsoft.AspNetCore.MemoryPool</c>, which listens on its
    /// own, or turn this on. Only Kestrel's own pool has these instruments: they exist with
    /// <c>StreamingTransport:PoolBlockBytes=0</c>, not with the gateway's 16 KB pool (the default).
    /// </summary>
    public bool ExportMemoryPoolMetrics { get; set; }

    /// <summary>
    /// Most series (tag combinations) kept per metric of the runtime and ASP.NET Core (meters <c>System.Runtime</c>,
    /// <c>Microsoft.AspNetCore.*</c>); further combinations are summed into one series tagged
    /// <c>otel_metric_overflow="true"</c>. Default 500. Their tags are bounded by the code (routes, status codes, GC
    /// generations), well under 500. OpenTelemetry reserves every metric's limit up front (about 90 bytes a series with
    /// its index): at its default of 2000 the 41 framework metrics held 7.2 MB of heap before the first viewer, 1.8 MB
    /// at 500 (docs/benchmarks.md, issue 10). Metrics that grow with the fleet keep OpenTelemetry's 2000: the gateway's
    /// own (per camera and profile) and HttpClient's and DNS's (per camera host).
    /// </summary>
    public int FrameworkMetricSeriesLimit { get; set; } = 500;
}
