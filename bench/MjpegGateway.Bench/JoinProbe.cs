using System.Net;

namespace MjpegGateway.Bench;

/// <summary>Time to first frame over a series of joins: connect (before TCP and TLS) to the first whole frame.</summary>
/// <param name="Joins">Viewers that tried to join.</param>
/// <param name="Failed">Joins that errored or got no frame within the probe's timeout.</param>
/// <param name="SamplesMs">Each successful join's TTFF, ms, in join order (the raw record).</param>
/// <param name="FailureReasons">Why the failed joins failed (the viewer's error, or no frame in time), with counts.</param>
internal sealed record TtffSummary(int Joins, int Failed, IReadOnlyList<double> SamplesMs, IReadOnlyDictionary<string, int> FailureReasons)
{
    public static readonly TtffSummary None = new(0, 0, [], new Dictionary<string, int>());

    public double P50Ms => Percentiles.Of(SamplesMs, 50);

    public double P99Ms => Percentiles.Of(SamplesMs, 99);

    public double MaxMs => SamplesMs.Count == 0 ? 0 : SamplesMs.Max();

    public override string ToString() => string.Create(System.Globalization.CultureInfo.InvariantCulture,
        $"TTFF p50 {P50Ms:0.0} p99 {P99Ms:0.0} max {MaxMs:0.0} ms over {SamplesMs.Count} joins, {Failed} failed{Why()}");

    private string Why() => Failed == 0 ? "" : " (" + string.Join("; ", FailureReasons.Select(r => $"{r.Value}: {r.Key}")) + ")";
}

/// <summary>
/// Joins viewers one every <see cref="BenchOptions.JoinSpacing"/>, each leaving at its first frame, and reports how
/// long each waited. Joins overlap when a first frame takes longer than the spacing, as real arrivals do.
/// </summary>
internal static class JoinProbe
{
    /// <summary>
    /// Unmeasured joins before the joins measured while others watch. The first joins of a run are the first time the
    /// bench's client leaves a stream at its first frame (a cancellation and its exception path) and the first time the
    /// gateway sees a viewer leave; both processes compile and tier that code then. One CPU each makes that a
    /// stall: 3 of 18 runs at 300 HTTPS watchers had a 0.3–0.9 s pause in which a dozen joins waited
    /// (docs/benchmarks.md, issue 10, tenth pass). 40 is more than the 30 calls after which .NET re-compiles a hot method.
    /// </summary>
    public const int PrimerJoins = 40;

    // Tiered compilation waits for 1 s without new compilation on a one-CPU process before it re-compiles hot methods.
    private static readonly TimeSpan PrimerSettle = TimeSpan.FromSeconds(3);
    private static readonly TimeSpan FirstFrameTimeout = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Runs <see cref="PrimerJoins"/> unmeasured joins and lets compilation settle; call before measured joins. Returns
    /// the primers' own figures, for the run's log only.
    /// </summary>
    public static async Task<TtffSummary> PrimeAsync(IPEndPoint endpoint, byte[] request, BenchTls? tls, CancellationToken cancellationToken)
    {
        var primers = await RunAsync(PrimerJoins, endpoint, request, tls, cancellationToken);
        await Task.Delay(PrimerSettle, cancellationToken);
        return primers;
    }

    public static async Task<TtffSummary> RunAsync(int joins, IPEndPoint endpoint, byte[] request, BenchTls? tls, CancellationToken cancellationToken)
    {
        if (joins == 0)
        {
            return TtffSummary.None;
        }

        var clients = new ViewerClient[joins];
        var runs = new Task[joins];
        for (var i = 0; i < joins; i++)
        {
            runs[i] = JoinOnceAsync(i, clients, endpoint, request, tls, cancellationToken);
            await Task.Delay(BenchOptions.JoinSpacing, cancellationToken);
        }

        await Task.WhenAll(runs);
        var samples = clients.Select(c => c.TimeToFirstFrame).Where(t => t is not null).Select(t => t!.Value.TotalMilliseconds).ToList();
        var reasons = clients.Where(c => c.TimeToFirstFrame is null)
            .GroupBy(c => c.Error ?? $"no frame within {FirstFrameTimeout.TotalSeconds:0} s")
            .ToDictionary(g => g.Key, g => g.Count());
        return new TtffSummary(joins, joins - samples.Count, samples, reasons);
    }

    private static async Task JoinOnceAsync(int index, ViewerClient[] clients, IPEndPoint endpoint, byte[] request, BenchTls? tls, CancellationToken cancellationToken)
    {
        using var leave = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        leave.CancelAfter(FirstFrameTimeout);
        // The probe's window never opens, so a join adds nothing to the run's delivery figures.
        var client = new ViewerClient(new MeasurementWindow(), new LatencyHistogram(), () => leave.Cancel());
        clients[index] = client;
        await client.RunAsync(endpoint, request, tls, leave.Token);
    }
}
