namespace MjpegGateway.Telemetry;

/// <summary>
/// Decides whether one more line of a kind (refusals, Kestrel errors) from one source may be written now, so that no
/// client can flood the logs. Fixed windows of <see cref="TelemetryOptions.LogThrottleWindowSeconds"/>: per source at
/// most <see cref="TelemetryOptions.LogLinesPerSource"/> lines, per kind at most
/// <see cref="TelemetryOptions.LogLinesPerWindow"/>; what is held back is counted and written as one summary line per
/// kind when the window ends (audit event 502). The table holds at most
/// <see cref="TelemetryOptions.LogThrottleMaxSources"/> sources; later ones share one entry. Thread-safe.
/// </summary>
internal sealed class LogThrottle : IDisposable
{
    /// <summary>Where sources past the table's bound are counted.</summary>
    public const string OtherSources = "(other sources)";

    private readonly TelemetryOptions _options;
    private readonly ILogger _summary;
    private readonly ITimer _timer;
    private readonly Lock _gate = new();
    private readonly Dictionary<string, KindWindow> _kinds = new(StringComparer.Ordinal);

    public LogThrottle(TelemetryOptions options, TimeProvider time, ILogger summary)
    {
        _options = options;
        _summary = summary;
        var window = TimeSpan.FromSeconds(options.LogThrottleWindowSeconds);
        _timer = time.CreateTimer(_ => EndWindow(), null, window, window);
    }

    /// <summary>True: write the line. False: it was counted for the window's summary instead.</summary>
    public bool TryLog(string kind, string source)
    {
        lock (_gate)
        {
            if (!_kinds.TryGetValue(kind, out var window))
            {
                window = new KindWindow();
                _kinds[kind] = window;
            }

            if (!window.Sources.TryGetValue(source, out var counts))
            {
                if (window.Sources.Count >= _options.LogThrottleMaxSources)
                {
                    source = OtherSources;
                    window.Sources.TryGetValue(source, out counts);
                }

                counts ??= new SourceCounts();
                window.Sources[source] = counts;
            }

            if (counts.Written < _options.LogLinesPerSource && window.Written < _options.LogLinesPerWindow)
            {
                counts.Written++;
                window.Written++;
                return true;
            }

            counts.Suppressed++;
            window.Suppressed++;
            return false;
        }
    }

    public void Dispose() => _timer.Dispose();

    private void EndWindow()
    {
        var summaries = new List<(string Kind, long Count, int Sources, string Top, long TopCount)>();
        lock (_gate)
        {
            foreach (var (kind, window) in _kinds)
            {
                if (window.Suppressed > 0)
                {
                    var top = window.Sources.MaxBy(s => s.Value.Suppressed);
                    summaries.Add((kind, window.Suppressed, window.Sources.Count(s => s.Value.Suppressed > 0), top.Key, top.Value.Suppressed));
                }
            }

            // A new window starts empty: the table never outgrows one window's sources.
            _kinds.Clear();
        }

        foreach (var (kind, count, sources, top, topCount) in summaries)
        {
            AuditLog.Suppressed(_summary, count, kind, sources, _options.LogThrottleWindowSeconds, top, topCount);
        }
    }

    private sealed class KindWindow
    {
        public Dictionary<string, SourceCounts> Sources { get; } = new(StringComparer.Ordinal);

        public long Written { get; set; }

        public long Suppressed { get; set; }
    }

    private sealed class SourceCounts
    {
        public long Written { get; set; }

        public long Suppressed { get; set; }
    }
}
