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

    private static string Mb(long kb) => (kb / 1024.0).ToString("0.0", Invariant);
}
