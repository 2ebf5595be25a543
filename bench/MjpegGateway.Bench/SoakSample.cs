using System.Globalization;

namespace MjpegGateway.Bench;

/// <summary>One row of the soak's CSV: the gateway process and its managed heap, and the load's counters so far.</summary>
internal sealed record SoakSample
{
    public const string CsvHeader =
        "utc,phase,elapsed_s,rss_mb,gc_heap_mb,gen0_mb,gen1_mb,gen2_mb,loh_mb,poh_mb,gc_committed_mb,gc_fragmentation_mb,"
        + "gen0_gcs,gen1_gcs,gen2_gcs,fds,threads,gateway_cores,steady_fps,steady_drops,steady_errors,"
        + "churn_started,churn_ok,churn_no_frame,churn_errors,tickets_issued,ticket_streams_ok,ticket_errors,machine_load1";

    public required DateTime Utc { get; init; }

    /// <summary><c>baseline</c> (no viewers), <c>load</c>, <c>quiet</c> (churn stopped, steady viewers on), <c>idle</c> (all stopped).</summary>
    public required string Phase { get; init; }

    public required double ElapsedSeconds { get; init; }

    public required double RssMb { get; init; }

    /// <summary>Managed heap after the last GC, all generations; NaN when the scrape failed.</summary>
    public required double GcHeapMb { get; init; }

    public required double Gen0Mb { get; init; }

    public required double Gen1Mb { get; init; }

    public required double Gen2Mb { get; init; }

    public required double LohMb { get; init; }

    public required double PohMb { get; init; }

    public required double GcCommittedMb { get; init; }

    public required double GcFragmentationMb { get; init; }

    public required double Gen0Collections { get; init; }

    public required double Gen1Collections { get; init; }

    public required double Gen2Collections { get; init; }

    public required int FileDescriptors { get; init; }

    public required int Threads { get; init; }

    public required double GatewayCores { get; init; }

    /// <summary>Frames per second per steady viewer, averaged over the viewers, since the previous sample.</summary>
    public required double SteadyFps { get; init; }

    /// <summary>Frames the camera sent that some steady viewer never got, summed, since the start.</summary>
    public required long SteadyDrops { get; init; }

    public required int SteadyErrors { get; init; }

    public required long ChurnStarted { get; init; }

    public required long ChurnOk { get; init; }

    public required long ChurnNoFrame { get; init; }

    public required long ChurnErrors { get; init; }

    public required long TicketsIssued { get; init; }

    public required long TicketStreamsOk { get; init; }

    public required long TicketErrors { get; init; }

    /// <summary>The machine's one-minute load average: on a shared box, drops line up with it.</summary>
    public required double MachineLoad1 { get; init; }

    public string ToCsv() => string.Create(CultureInfo.InvariantCulture,
        $"{Utc:yyyy-MM-ddTHH:mm:ssZ},{Phase},{ElapsedSeconds:0},{RssMb:0.0},{GcHeapMb:0.0},{Gen0Mb:0.0},{Gen1Mb:0.0},{Gen2Mb:0.0},{LohMb:0.0},{PohMb:0.0},{GcCommittedMb:0.0},{GcFragmentationMb:0.0},"
        + $"{Gen0Collections:0},{Gen1Collections:0},{Gen2Collections:0},{FileDescriptors},{Threads},{GatewayCores:0.00},{SteadyFps:0.000},{SteadyDrops},{SteadyErrors},"
        + $"{ChurnStarted},{ChurnOk},{ChurnNoFrame},{ChurnErrors},{TicketsIssued},{TicketStreamsOk},{TicketErrors},{MachineLoad1:0.00}");
}
