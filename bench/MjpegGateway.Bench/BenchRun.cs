using System.Diagnostics;
using System.Net;
using MjpegGateway.CameraSimulator;
using Simulator = MjpegGateway.CameraSimulator.CameraSimulator;

namespace MjpegGateway.Bench;

/// <summary>
/// One viewer count, from scratch: simulator, gateway process, baseline, N viewers, warm-up, measured window,
/// tear-down. Nothing carries over between counts.
/// </summary>
internal static class BenchRun
{
    // Headroom above N so the gateway's viewer caps never refuse a bench viewer.
    private const int ViewerCapHeadroom = 16;
    // Connections opened per step of the ramp, and the longest the whole ramp may take.
    private const int RampBatch = 25;
    private static readonly TimeSpan RampStepMax = TimeSpan.FromMilliseconds(50);
    private static readonly TimeSpan RampTotalMax = TimeSpan.FromSeconds(3);
    private static readonly TimeSpan UpstreamTimeout = TimeSpan.FromSeconds(15);
    // One viewer for a moment before the baseline, so JIT and Kestrel's first-connection costs are not billed per viewer.
    private static readonly TimeSpan PrimerDuration = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan SettleBeforeBaseline = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan FirstFrameTimeoutBase = TimeSpan.FromSeconds(15);
    // Frames sent just before the window closes are still in flight; wait for them before counting drops.
    private static readonly TimeSpan Grace = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(10);
    // RSS is sampled through the window too: a steady climb is a leak or a lazy GC, a plateau is neither.
    private static readonly TimeSpan RssTraceInterval = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan MetricsTimeout = TimeSpan.FromSeconds(10);

    /// <param name="tls">HTTPS for the gateway and every viewer (<c>--tls</c>), shared by all counts of the run; null for plain HTTP.</param>
    public static Task<RunResult> RunAsync(BenchOptions options, int viewers, string gatewayDll, BenchTls? tls, CancellationToken cancellationToken) =>
        RunAsync(options, viewers, gatewayDll, tls, BenchVariant.Default, null, cancellationToken);

    /// <param name="variant">The gateway set-up measured (its build is <paramref name="gatewayDll"/>).</param>
    /// <param name="jwt">With <c>--jwt</c>: the run's key and viewer token; null for a public camera.</param>
    public static async Task<RunResult> RunAsync(
        BenchOptions options, int viewers, string gatewayDll, BenchTls? tls, BenchVariant variant, BenchJwt? jwt, CancellationToken cancellationToken)
    {
        await using var simulator = await Simulator.StartAsync(options.SimulatedCamera(), cancellationToken);
        // Disposed before the simulator (reverse order), so the gateway never sees its camera vanish mid-run.
        await using var gateway = await GatewayProcess.StartAsync(
            gatewayDll, simulator.VideoUrl, options, viewers + options.Joins + options.ColdJoins + ViewerCapHeadroom, tls, variant, jwt, cancellationToken);
        Log($"gateway pid {gateway.Pid} on {(tls is null ? "http" : "https")}://127.0.0.1:{gateway.Port}{(options.GatewayCpus is null ? "" : $" (CPUs {options.GatewayCpus})")}, camera at {simulator.VideoUrl}");

        await simulator.WaitForActiveStreamsAsync(1, UpstreamTimeout, cancellationToken);
        var ready = gateway.Sample();
        Log($"RSS at ready {ready.RssKb / 1024.0:0.0} MB, before any viewer");
        var endpoint = new IPEndPoint(IPAddress.Loopback, gateway.Port);
        var request = ViewerClient.BuildRequest(gateway.Port, gateway.StreamPath, jwt?.Token);
        // Cold start: the gateway is ready (its camera streams) and nobody has watched yet.
        var coldTtff = await JoinProbe.RunAsync(options.ColdJoins, endpoint, request, tls, cancellationToken);
        if (coldTtff.Joins > 0)
        {
            Log($"cold start: {coldTtff}");
        }

        await PrimeAsync(endpoint, request, tls, cancellationToken);
        await Task.Delay(SettleBeforeBaseline, cancellationToken);
        var baseline = gateway.Sample();
        Log($"baseline RSS {baseline.RssKb / 1024.0:0.0} MB with the upstream running");

        var window = new MeasurementWindow();
        var latency = new LatencyHistogram();
        var withFrames = 0;
        var clients = new ViewerClient[viewers];
        var tasks = new Task[viewers];
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        try
        {
            using var http2 = options.Http2StreamsPerConnection > 0
                ? new Http2Viewers(new Uri($"https://127.0.0.1:{gateway.Port}{gateway.StreamPath}"), tls!, jwt?.Token, options.Http2StreamsPerConnection, options.Http2StreamWindowKb)
                : null;
            if (http2 is null)
            {
                await OpenViewersAsync(clients, tasks, endpoint, request, tls, window, latency, () => Interlocked.Increment(ref withFrames), options.MeasuredViewers, stop.Token);
            }
            else
            {
                await http2.OpenAsync(clients, tasks, window, latency, () => Interlocked.Increment(ref withFrames), stop.Token);
            }

            await WaitForFirstFramesAsync(clients, () => Volatile.Read(ref withFrames), cancellationToken);
            await Task.Delay(options.Warmup, cancellationToken);

            using var metricsClient = gateway.CreateClient(tls, MetricsTimeout);
            var deliveryStart = await GatewayDelivery.ReadAsync(gateway, metricsClient, cancellationToken);
            var self = Process.GetCurrentProcess();
            var gatewayStart = gateway.Sample();
            var machineStart = ProcessMetrics.SampleMachine();
            var selfStart = self.TotalProcessorTime;
            var framesSentStart = simulator.FramesSent;
            var clock = Stopwatch.StartNew();
            window.Open(UnixClock.NowMicroseconds(), options.Measure);
            Log($"window open: {Volatile.Read(ref withFrames)}/{viewers} viewers streaming, RSS {gatewayStart.RssKb / 1024.0:0.0} MB");

            var rssTrace = await TraceRssAsync(gateway, options.Measure, cancellationToken);
            var gatewayEnd = gateway.Sample();
            var machineEnd = ProcessMetrics.SampleMachine();
            self.Refresh();
            var selfCpu = self.TotalProcessorTime - selfStart;
            var wall = clock.Elapsed;
            var framesSentInWindow = simulator.FramesSent - framesSentStart;
            var deliveryInWindow = (await GatewayDelivery.ReadAsync(gateway, metricsClient, cancellationToken)) - deliveryStart;

            await Task.Delay(Grace, cancellationToken);
            // Joins while everyone else still watches; after the window, so they do not disturb its figures.
            if (options.Joins > 0)
            {
                Log($"primer joins (not measured): {await JoinProbe.PrimeAsync(endpoint, request, tls, cancellationToken)}");
            }

            var joinTtff = await JoinProbe.RunAsync(options.Joins, endpoint, request, tls, cancellationToken);
            if (joinTtff.Joins > 0)
            {
                Log($"joins while {viewers} watch: {joinTtff}");
            }

            await StopViewersAsync(stop, tasks);

            var result = Summarize(viewers, Math.Min(options.MeasuredViewers ?? viewers, viewers), clients, latency, options.Measure) with
            {
                GatewayDelivery = deliveryInWindow,
                Variant = variant.Name,
                FrameKbAsked = options.FrameKb,
                CameraFrameLoop = options.CameraFrameLoop,
                Transport = http2 is not null ? $"h2x{options.Http2StreamsPerConnection}" : tls is null ? "http" : "https",
                Jwt = jwt is not null,
                GatewayCpus = options.GatewayCpus,
                JoinTtff = joinTtff,
                ColdTtff = coldTtff,
                WindowSeconds = wall.TotalSeconds,
                GatewayCpuSeconds = ProcessMetrics.CpuSeconds(gatewayStart, gatewayEnd),
                BenchCores = selfCpu.TotalSeconds / wall.TotalSeconds,
                MachineBusyCores = ProcessMetrics.BusyCores(machineStart, machineEnd, wall),
                ReadyRssKb = ready.RssKb,
                BaselineRssKb = baseline.RssKb,
                WindowStartRssKb = gatewayStart.RssKb,
                WindowEndRssKb = gatewayEnd.RssKb,
                PeakRssKb = gatewayEnd.PeakRssKb,
                RssTraceKb = [gatewayStart.RssKb, .. rssTrace, gatewayEnd.RssKb],
                GatewayThreads = gatewayEnd.Threads,
                UpstreamConnections = simulator.StreamsServed,
                GatewayWarnings = gateway.Warnings,
                GatewayErrors = gateway.Errors,
                GatewayLog = gateway.LogLines,
            };
            Log($"camera sent {framesSentInWindow} frames in {wall.TotalSeconds:0.0} s by its own count; {simulator.ActiveStreams} upstream stream(s) active at the end");
            return result;
        }
        finally
        {
            await StopViewersAsync(stop, tasks);
        }
    }

    /// <summary>Waits out the window, sampling the gateway's RSS every <see cref="RssTraceInterval"/>.</summary>
    private static async Task<List<long>> TraceRssAsync(GatewayProcess gateway, TimeSpan window, CancellationToken cancellationToken)
    {
        var trace = new List<long>();
        var clock = Stopwatch.StartNew();
        while (window - clock.Elapsed > RssTraceInterval)
        {
            await Task.Delay(RssTraceInterval, cancellationToken);
            trace.Add(gateway.Sample().RssKb);
        }

        var rest = window - clock.Elapsed;
        if (rest > TimeSpan.Zero)
        {
            await Task.Delay(rest, cancellationToken);
        }

        return trace;
    }

    private static async Task PrimeAsync(IPEndPoint endpoint, byte[] request, BenchTls? tls, CancellationToken cancellationToken)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var gotFrame = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var primer = new ViewerClient(new MeasurementWindow(), new LatencyHistogram(), () => gotFrame.TrySetResult());
        var run = primer.RunAsync(endpoint, request, tls, stop.Token);
        try
        {
            try
            {
                await Task.WhenAny(gotFrame.Task, run).WaitAsync(FirstFrameTimeoutBase, cancellationToken);
            }
            catch (TimeoutException)
            {
                // reported below
            }

            if (primer.FramesTotal == 0)
            {
                throw new InvalidOperationException($"The primer viewer got no frame: {primer.Error ?? "timed out"}.");
            }

            if (tls is not null)
            {
                Log($"TLS: {primer.TlsProtocol}, {primer.TlsCipherSuite}, ALPN http/1.1, certificate SHA-256 {tls.PinnedSha256}");
            }

            await Task.Delay(PrimerDuration, cancellationToken);
        }
        finally
        {
            await stop.CancelAsync();
            await run;
        }
    }

    private static async Task OpenViewersAsync(
        ViewerClient[] clients, Task[] tasks, IPEndPoint endpoint, byte[] request, BenchTls? tls, MeasurementWindow window,
        LatencyHistogram latency, Action firstFrame, int? measured, CancellationToken stop)
    {
        // Staggered, so the gateway sees a crowd arriving rather than a SYN flood; bounded, so big N stays quick.
        // Each viewer handshakes right after its connect, so with --tls the handshakes follow the same stagger.
        var batches = (clients.Length + RampBatch - 1) / RampBatch;
        var step = batches <= 1 ? TimeSpan.Zero : TimeSpan.FromTicks(Math.Min(RampStepMax.Ticks, RampTotalMax.Ticks / batches));
        for (var i = 0; i < clients.Length; i++)
        {
            clients[i] = new ViewerClient(window, latency, firstFrame, drains: !Measures(i, clients.Length, measured));
            tasks[i] = clients[i].RunAsync(endpoint, request, tls, stop);
            if ((i + 1) % RampBatch == 0 && step > TimeSpan.Zero)
            {
                await Task.Delay(step, stop);
            }
        }

        Log($"{clients.Length} viewers opened{(measured is { } m && m < clients.Length ? $", {m} of them measuring and the rest draining" : "")}");
    }

    /// <summary>Whether viewer <paramref name="index"/> of <paramref name="count"/> is one of the <paramref name="measured"/>, spread evenly over the ramp.</summary>
    private static bool Measures(int index, int count, int? measured) =>
        measured is not { } m || m >= count || ((long)(index + 1) * m / count) != ((long)index * m / count);

    private static async Task WaitForFirstFramesAsync(ViewerClient[] clients, Func<int> withFrames, CancellationToken cancellationToken)
    {
        var timeout = FirstFrameTimeoutBase + TimeSpan.FromMilliseconds(clients.Length * 10);
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < timeout)
        {
            var failed = clients.Count(c => c.Error is not null && c.TimeToFirstFrame is null);
            if (withFrames() + failed >= clients.Length)
            {
                Log($"{withFrames()} viewers streaming, {failed} failed, after {clock.Elapsed.TotalSeconds:0.0} s");
                return;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(100), cancellationToken);
        }

        Log($"only {withFrames()}/{clients.Length} viewers got a frame within {timeout.TotalSeconds:0} s; measuring anyway");
    }

    private static async Task StopViewersAsync(CancellationTokenSource stop, Task[] tasks)
    {
        await stop.CancelAsync();
        var running = tasks.Where(t => t is not null).ToArray();
        try
        {
            await Task.WhenAll(running).WaitAsync(StopTimeout);
        }
        catch (TimeoutException)
        {
            Log($"{running.Count(t => !t.IsCompleted)} viewers did not stop within {StopTimeout.TotalSeconds:0} s");
        }
    }

    /// <param name="measuring">Ramp positions that measure (<see cref="Measures"/> picks exactly this many), opened or not.</param>
    private static RunResult Summarize(int viewers, int measuring, ViewerClient[] clients, LatencyHistogram latency, TimeSpan measure)
    {
        var opened = clients.Where(c => c is not null).ToArray();
        var started = opened.Where(c => !c.Drains).ToArray();
        var drains = opened.Where(c => c.Drains).ToArray();
        var fps = started.Select(c => c.FramesReceivedInWindow / measure.TotalSeconds).ToList();
        fps.AddRange(Enumerable.Repeat(0.0, measuring - started.Length)); // never opened: counts as zero delivery

        // What the camera sent in the window, from the union of sequences the viewers saw.
        var inWindow = started.Where(c => c.FramesSentInWindow > 0).ToArray();
        var cameraSent = inWindow.Length == 0 ? 0 : inWindow.Max(c => c.LastSequenceInWindow) - inWindow.Min(c => c.FirstSequenceInWindow) + 1;
        var dropped = started.Select(c => cameraSent == 0 ? 0 : 1 - (c.FramesSentInWindow / (double)cameraSent)).ToList();

        // A draining viewer's bytes carry the same framing as a measuring viewer's stream (plus TLS records, about 22
        // bytes per 16 KB): count them as JPEG bytes in the measuring viewers' proportion.
        var framesInWindow = started.Sum(c => c.FramesReceivedInWindow);
        var jpegBytes = started.Sum(c => c.BytesReceivedInWindow);
        var averageFrameBytes = jpegBytes / (double)Math.Max(1, framesInWindow);
        var jpegShare = started.Sum(c => c.JpegBytesTotal) / (double)Math.Max(1, started.Sum(c => c.StreamBytesTotal));
        var drained = drains.Select(c => (long)(c.DrainedBytesInWindow * jpegShare)).ToList();
        var delivered = jpegBytes + drained.Sum();

        var errored = opened.Where(c => c.Error is not null).ToArray();
        return new RunResult
        {
            Viewers = viewers,
            MeasuredViewers = measuring,
            Errored = errored.Length + (viewers - opened.Length),
            NoFrames = opened.Count(c => c.TimeToFirstFrame is null) + (viewers - opened.Length),
            ErrorReasons = errored.GroupBy(c => c.Error!).ToDictionary(g => g.Key, g => g.Count()),
            CameraFps = cameraSent / measure.TotalSeconds,
            FpsMin = fps.Count == 0 ? 0 : fps.Min(),
            FpsP5 = Percentiles.Of(fps, 5),
            FpsP50 = Percentiles.Of(fps, 50),
            DrainFpsMin = drained.Count == 0 || framesInWindow == 0 ? double.NaN : drained.Min() / averageFrameBytes / measure.TotalSeconds,
            LatencySamples = latency.Count,
            LatencyP50Ms = latency.ValueAtPercentile(50) / 1000,
            LatencyP99Ms = latency.ValueAtPercentile(99) / 1000,
            LatencyMaxMs = latency.MaxMicroseconds / 1000.0,
            DroppedRatio = cameraSent == 0 ? 0 : 1 - (started.Sum(c => c.FramesSentInWindow) / (double)(cameraSent * measuring)),
            DroppedRatioWorst = dropped.Count == 0 ? 0 : dropped.Max(),
            AverageFrameKb = averageFrameBytes / 1024.0,
            DeliveredMBps = delivered / 1024.0 / 1024.0 / measure.TotalSeconds,
            DeliveredBytes = delivered,
            Unstamped = started.Sum(c => c.Unstamped),
            OutOfOrder = started.Sum(c => c.OutOfOrder),
            // Filled in by the caller from the process samples.
            WindowSeconds = measure.TotalSeconds,
            GatewayCpuSeconds = 0,
            BenchCores = 0,
            MachineBusyCores = 0,
            ReadyRssKb = 0,
            BaselineRssKb = 0,
            WindowStartRssKb = 0,
            WindowEndRssKb = 0,
            PeakRssKb = 0,
            RssTraceKb = [],
            GatewayThreads = 0,
            UpstreamConnections = 0,
            GatewayWarnings = 0,
            GatewayErrors = 0,
            GatewayLog = [],
        };
    }

    internal static void Log(string message) => Console.WriteLine($"  [{DateTime.Now:HH:mm:ss}] {message}");
}
