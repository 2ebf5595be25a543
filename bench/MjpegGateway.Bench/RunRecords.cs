using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace MjpegGateway.Bench;

/// <summary>
/// The raw record of every run: one JSON file per run (every figure, the TTFF samples, the gateway's log) and one
/// CSV line per run in <c>runs.csv</c>, so medians can be recomputed and outliers looked at later.
/// </summary>
internal sealed class RunRecords
{
    // NaN marks a figure that does not apply (no draining viewers, a server without metrics).
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true, NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals };
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    private const string CsvHeader =
        "started_utc,variant,repetition,transport,jwt,gateway_cpus,frame_kb,viewers,errored,fps_min,fps_p5,latency_p50_ms,latency_p99_ms,latency_max_ms,"
        + "dropped,delivered_mbps,gateway_cores,core_s_per_gb,bench_cores,other_cores,rss_baseline_mb,growth_kb_per_viewer,"
        + "join_ttff_p50_ms,join_ttff_p99_ms,join_failed,cold_ttff_p50_ms,cold_ttff_p99_ms,cold_failed,camera_frame_loop,rss_ready_mb,measured_viewers,drain_fps_min,gateway_dropped,gateway_skipped,command";

    private readonly string _directory;
    private readonly string _command;
    private readonly string _stamp = DateTime.UtcNow.ToString("yyyyMMdd-HHmmss", Invariant);

    public RunRecords(string directory, string command)
    {
        _directory = directory;
        _command = command;
        System.IO.Directory.CreateDirectory(directory);
    }

    public string Directory => _directory;

    public void Add(RunResult result)
    {
        var name = $"{_stamp}-{result.Variant}-{result.Transport}-{result.Viewers}-r{result.Repetition}.json";
        File.WriteAllText(Path.Combine(_directory, name), JsonSerializer.Serialize(new { Command = _command, Result = result }, Json));

        var csv = Path.Combine(_directory, "runs.csv");
        var line = new StringBuilder();
        if (!File.Exists(csv))
        {
            line.AppendLine(CsvHeader);
        }

        line.AppendLine(string.Create(Invariant,
            $"{_stamp},{result.Variant},{result.Repetition},{result.Transport},{result.Jwt},{result.GatewayCpus},{result.FrameKbAsked},{result.Viewers},{result.Errored},"
            + $"{result.FpsMin:0.00},{result.FpsP5:0.00},{result.LatencyP50Ms:0.0},{result.LatencyP99Ms:0.0},{result.LatencyMaxMs:0.0},{result.DroppedRatio:0.0000},"
            + $"{result.DeliveredMBps:0.0},{result.GatewayCores:0.000},{result.CoreSecondsPerGB:0.000},{result.BenchCores:0.00},{result.OtherCores:0.00},"
            + $"{result.BaselineRssKb / 1024.0:0.0},{result.GrowthKbPerViewer:0.0},"
            + $"{result.JoinTtff.P50Ms:0.0},{result.JoinTtff.P99Ms:0.0},{result.JoinTtff.Failed},{result.ColdTtff.P50Ms:0.0},{result.ColdTtff.P99Ms:0.0},{result.ColdTtff.Failed},{result.CameraFrameLoop},{result.ReadyRssKb / 1024.0:0.0},"
            + $"{result.MeasuredViewers},{result.DrainFpsMin:0.00},{result.GatewayDelivery.DroppedRatio:0.0000},{result.GatewayDelivery.FramesSkipped},"
            + $"\"{_command.Replace("\"", "'", StringComparison.Ordinal)}\""));
        File.AppendAllText(csv, line.ToString());
    }
}
