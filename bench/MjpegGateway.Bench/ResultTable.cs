using System.Globalization;
using System.Text;

namespace MjpegGateway.Bench;

/// <summary>Markdown tables, ready to paste into docs/benchmarks.md.</summary>
internal static class ResultTable
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    public const string DeliveryHeader = """
        | viewers | errored | camera fps | fps/viewer min | p5 | p50 | latency p50 ms | p99 ms | max ms | dropped (all) | dropped (worst viewer) | upstream conns |
        |--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|
        """;

    public const string ResourceHeader = """
        | viewers | delivered MB/s | gateway CPU s | gateway cores | bench cores | other cores | RSS baseline MB | RSS window start MB | RSS window end MB | peak RSS MB | growth KB/viewer | gateway threads |
        |--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|
        """;

    public static string DeliveryRow(RunResult r) => string.Create(Invariant,
        $"| {r.Viewers} | {r.Errored} | {r.CameraFps:0.0} | {r.FpsMin:0.0} | {r.FpsP5:0.0} | {r.FpsP50:0.0} | {r.LatencyP50Ms:0.0} | {r.LatencyP99Ms:0.0} | {r.LatencyMaxMs:0.0} | {r.DroppedRatio:0.00%} | {r.DroppedRatioWorst:0.00%} | {r.UpstreamConnections} |");

    public static string ResourceRow(RunResult r) => string.Create(Invariant,
        $"| {r.Viewers} | {r.DeliveredMBps:0.0} | {r.GatewayCpuSeconds:0.00} | {r.GatewayCores:0.00} | {r.BenchCores:0.00} | {r.OtherCores:0.00} | {Mb(r.BaselineRssKb)} | {Mb(r.WindowStartRssKb)} | {Mb(r.WindowEndRssKb)} | {Mb(r.PeakRssKb)} | {r.GrowthKbPerViewer:0.0} | {r.GatewayThreads} |");

    public static string FailedRow(int viewers, string reason, int columns) =>
        $"| {viewers} | failed: {reason.ReplaceLineEndings(" ").Replace('|', '/')} |{string.Concat(Enumerable.Repeat(" |", columns - 2))}";

    public static string Render(IReadOnlyList<(int Viewers, RunResult? Result, string? Failure)> runs)
    {
        var text = new StringBuilder();
        text.AppendLine("Delivery:").AppendLine().AppendLine(DeliveryHeader);
        foreach (var (viewers, result, failure) in runs)
        {
            text.AppendLine(result is null ? FailedRow(viewers, failure ?? "?", 12) : DeliveryRow(result));
        }

        text.AppendLine().AppendLine("Gateway process:").AppendLine().AppendLine(ResourceHeader);
        foreach (var (viewers, result, failure) in runs)
        {
            text.AppendLine(result is null ? FailedRow(viewers, failure ?? "?", 12) : ResourceRow(result));
        }

        return text.ToString();
    }

    /// <summary>A figure, or "–" where it does not apply (NaN: no draining viewers, no gateway metrics).</summary>
    private static string Or(double value, string format) => double.IsNaN(value) ? "–" : value.ToString(format, Invariant);

    private static string Mb(long kb) => (kb / 1024.0).ToString("0.0", Invariant);

    public const string EfficiencyHeader = """
        | variant | transport | viewers | runs | fps/viewer min | dropped | latency p99 ms | gateway cores | core·s/GB | growth KB/viewer | RSS ready / baseline MB | join TTFF p50 / p99 ms | cold TTFF p50 / p99 ms | other cores | measuring | draining fps min | gateway dropped / skipped |
        |---|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|
        """;

    /// <summary>
    /// Per variant, transport and viewer count: the median of each figure over the repetitions (each column's own
    /// median, so a row need not be one run), with the worst fps and drops so one bad run is not hidden. "measuring"
    /// is how many viewers parsed (<c>--measured-viewers</c>); fps and latency are theirs, the draining viewers' lowest
    /// estimated rate and the gateway's own counts (drops for slow viewers over all viewers, the worst run; camera frames
    /// it skipped on a saturated core) are the last two columns.
    /// </summary>
    public static string RenderMedians(IReadOnlyList<RunResult> results)
    {
        var text = new StringBuilder();
        text.AppendLine("Medians over repetitions (fps min and dropped: the worst run):").AppendLine().AppendLine(EfficiencyHeader);
        foreach (var group in results.GroupBy(r => (r.Variant, r.Transport, r.Viewers)))
        {
            var runs = group.ToList();
            double Median(Func<RunResult, double> figure) => Percentiles.Of(runs.Select(figure).ToList(), 50);
            var joins = runs.Any(r => r.JoinTtff.Joins > 0)
                ? string.Create(Invariant, $"{Median(r => r.JoinTtff.P50Ms):0.0} / {Median(r => r.JoinTtff.P99Ms):0.0}")
                : "–";
            var cold = runs.Any(r => r.ColdTtff.Joins > 0)
                ? string.Create(Invariant, $"{Median(r => r.ColdTtff.P50Ms):0.0} / {Median(r => r.ColdTtff.P99Ms):0.0}")
                : "–";
            text.AppendLine(string.Create(Invariant,
                $"| {group.Key.Variant} | {group.Key.Transport}{(runs[0].Jwt ? "+jwt" : "")} | {group.Key.Viewers} | {runs.Count} | {runs.Min(r => r.FpsMin):0.0} | {runs.Max(r => r.DroppedRatio):0.00%} | "
                + $"{Median(r => r.LatencyP99Ms):0.0} | {Median(r => r.GatewayCores):0.00} | {Median(r => r.CoreSecondsPerGB):0.000} | {Median(r => r.GrowthKbPerViewer):0.0} | "
                + $"{Median(r => r.ReadyRssKb / 1024.0):0.0} / {Median(r => r.BaselineRssKb / 1024.0):0.0} | {joins} | {cold} | {Median(r => r.OtherCores):0.00} | "
                + $"{runs[0].MeasuredViewers} | {Or(runs.Min(r => r.DrainFpsMin), "0.0")} | {Or(runs.Max(r => r.GatewayDelivery.DroppedRatio), "0.00%")} / {Or(runs.Max(r => r.GatewayDelivery.FramesSkipped), "0")} |"));
        }

        return text.ToString();
    }
}
