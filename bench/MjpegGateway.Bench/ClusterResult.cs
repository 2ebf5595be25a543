using System.Globalization;
using System.Text;

namespace MjpegGateway.Bench;

/// <summary>One repetition of the cluster bench (<see cref="ClusterRun"/>); replica 0 is the owner.</summary>
internal sealed record ClusterResult
{
    /// <summary>The owner's cores with its viewers and no relay (step 1).</summary>
    public required double OwnerAloneCores { get; init; }

    /// <summary>Each replica's cores with every replica's viewers (step 2).</summary>
    public required double[] Cores { get; init; }

    public required double MachineBusyCores { get; init; }

    public required double DeliveredMBps { get; init; }

    public required double FpsP50 { get; init; }

    public required double CameraFps { get; init; }

    public required double OwnerAloneLatencyP50Ms { get; init; }

    /// <summary>Camera stamp to arrival per replica's viewers, same window, same clock.</summary>
    public required double[] LatencyP50Ms { get; init; }

    public required double[] LatencyP99Ms { get; init; }

    /// <summary>Connections the camera had open in step 2, and the streams it served in all.</summary>
    public required int CameraConnections { get; init; }

    public required int CameraStreamsServed { get; init; }

    public required int Errored { get; init; }

    public required double FailoverFirstSeconds { get; init; }

    public required double FailoverMedianSeconds { get; init; }

    public required double FailoverLastSeconds { get; init; }

    public required string FailoverViewers { get; init; }

    public required int SurvivedOnSameConnection { get; init; }

    /// <summary>The replica that owned the camera when the owner was killed (replica 0 takes it first).</summary>
    public required int OwnerAtEnd { get; init; }

    /// <summary>Lease changes each replica counted (acquired, released, lost, expiring), as a/b/c.</summary>
    public required string LeaseChanges { get; init; }

    /// <summary>The owner's extra cores per relay: its cores with the two relays less its cores alone, over two.</summary>
    public double OwnerCoresPerRelay => (Cores[0] - OwnerAloneCores) / 2;

    /// <summary>What the relay hop adds to a frame's latency: relaying replicas' viewers less the owner's.</summary>
    public double RelayHopP50Ms => (LatencyP50Ms[1] + LatencyP50Ms[2]) / 2 - LatencyP50Ms[0];

    public double RelayHopP99Ms => (LatencyP99Ms[1] + LatencyP99Ms[2]) / 2 - LatencyP99Ms[0];

    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"camera connections {CameraConnections} ({CameraStreamsServed} served); cores owner alone {OwnerAloneCores:0.00}, with relays {Cores[0]:0.00}, relaying {Cores[1]:0.00} / {Cores[2]:0.00}; machine busy {MachineBusyCores:0.00}; "
        + $"{DeliveredMBps:0} MB/s, fps p50 {FpsP50:0.0} of {CameraFps:0.0}; latency p50/p99 owner {LatencyP50Ms[0]:0.0}/{LatencyP99Ms[0]:0.0} ms (alone {OwnerAloneLatencyP50Ms:0.0}), "
        + $"relayed {LatencyP50Ms[1]:0.0}/{LatencyP99Ms[1]:0.0} and {LatencyP50Ms[2]:0.0}/{LatencyP99Ms[2]:0.0} ms; failover first/median/last frame {FailoverFirstSeconds:0.00}/{FailoverMedianSeconds:0.00}/{FailoverLastSeconds:0.00} s "
        + $"({FailoverViewers} viewers, {SurvivedOnSameConnection} on the same connection); errored {Errored}; owner at the end replica{OwnerAtEnd}, lease changes {LeaseChanges}");

    /// <summary>Medians over the repetitions, as a Markdown table.</summary>
    public static string Table(IReadOnlyList<ClusterResult> runs, int perReplica)
    {
        var inv = CultureInfo.InvariantCulture;
        string M(Func<ClusterResult, double> value, string format) =>
            runs.Count == 0 ? "-" : Percentiles.Of([.. runs.Select(value).Where(v => !double.IsNaN(v))], 50).ToString(format, inv);
        var table = new StringBuilder();
        table.AppendLine(inv, $"| medians of {runs.Count} runs, 3 x {perReplica} viewers | value |");
        table.AppendLine("|---|---|");
        table.AppendLine(inv, $"| camera connections (all runs) | {string.Join(", ", runs.Select(r => r.CameraConnections))} |");
        table.AppendLine(inv, $"| delivered MB/s; viewer fps p50 / camera fps | {M(r => r.DeliveredMBps, "0")}; {M(r => r.FpsP50, "0.0")} / {M(r => r.CameraFps, "0.0")} |");
        table.AppendLine(inv, $"| latency p50 ms: owner's viewers / relayed viewers | {M(r => r.LatencyP50Ms[0], "0.0")} / {M(r => (r.LatencyP50Ms[1] + r.LatencyP50Ms[2]) / 2, "0.0")} |");
        table.AppendLine(inv, $"| latency p99 ms: owner's viewers / relayed viewers | {M(r => r.LatencyP99Ms[0], "0.0")} / {M(r => (r.LatencyP99Ms[1] + r.LatencyP99Ms[2]) / 2, "0.0")} |");
        table.AppendLine(inv, $"| relay hop adds, p50 / p99 ms | {M(r => r.RelayHopP50Ms, "0.0")} / {M(r => r.RelayHopP99Ms, "0.0")} |");
        table.AppendLine(inv, $"| owner cores: alone / with 2 relays; relaying replicas | {M(r => r.OwnerAloneCores, "0.00")} / {M(r => r.Cores[0], "0.00")}; {M(r => (r.Cores[1] + r.Cores[2]) / 2, "0.00")} |");
        table.AppendLine(inv, $"| owner's extra cores per relay | {M(r => r.OwnerCoresPerRelay, "0.000")} |");
        table.AppendLine(inv, $"| machine busy cores (of {Environment.ProcessorCount}) | {M(r => r.MachineBusyCores, "0.00")} |");
        table.AppendLine(inv, $"| owner killed → first / median / last relayed viewer's frame, s | {M(r => r.FailoverFirstSeconds, "0.00")} / {M(r => r.FailoverMedianSeconds, "0.00")} / {M(r => r.FailoverLastSeconds, "0.00")} |");
        table.AppendLine(inv, $"| owner when killed; lease changes per replica (all runs) | {string.Join(", ", runs.Select(r => $"replica{r.OwnerAtEnd}; {r.LeaseChanges}"))} |");
        table.AppendLine(inv, $"| relayed viewers that got frames again / kept their connection (all runs) | {string.Join(", ", runs.Select(r => r.FailoverViewers + " / " + r.SurvivedOnSameConnection))} |");
        return table.ToString();
    }
}
