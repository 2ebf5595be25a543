using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using MjpegGateway.CameraSimulator;
using Simulator = MjpegGateway.CameraSimulator.CameraSimulator;

namespace MjpegGateway.Bench;

/// <summary>
/// The soak (issue 12 item 13, memory under churn): one simulator, one gateway process, steady viewers for the whole
/// run, a stream of short-lived streams (half reset, half closed cleanly; half anonymous, half with a token of a
/// subject never seen before; each from one of ~4,000 loopback source addresses), and a ticket minted and redeemed
/// every few seconds. The gateway is sampled every <see cref="SoakOptions.SampleInterval"/> into a CSV; the summary
/// states the RSS slope over the last half of the run.
/// </summary>
internal sealed class SoakRun
{
    // Headroom above the steady viewers for churned and ticket streams, so the caps never refuse them.
    private const int ChurnCapHeadroom = 500;
    private const int MaxChurnInFlight = 2_000;
    private const int RampBatch = 25;
    private const int SourceSubnets = 16;
    private const int HostsPerSubnet = 254;
    // Under this slope over the last half (MB per hour) the RSS counts as levelled off.
    private const double PlateauMbPerHour = 2;
    private static readonly TimeSpan RampStep = TimeSpan.FromMilliseconds(50);
    private static readonly TimeSpan UpstreamTimeout = TimeSpan.FromSeconds(15);
    private static readonly TimeSpan Settle = TimeSpan.FromSeconds(15);
    private static readonly TimeSpan DrainTimeout = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan HardCapGrace = TimeSpan.FromMinutes(5);

    private readonly SoakOptions _options;
    private readonly ConcurrentDictionary<string, int> _churnErrorReasons = new(StringComparer.Ordinal);
    private readonly SoakTokens _tokens = new();
    private long _churnStarted;
    private long _churnOk;
    private long _churnNoFrame;
    private long _churnErrors;
    private long _ticketsIssued;
    private long _ticketStreamsOk;
    private long _ticketErrors;
    private int _inFlight;

    private SoakRun(SoakOptions options) => _options = options;

    public static async Task<int> MainAsync(string[] args)
    {
        var options = SoakOptions.Parse(args, out var error);
        if (options is null)
        {
            Console.Error.WriteLine(string.IsNullOrEmpty(error) ? SoakOptions.Usage : error + Environment.NewLine + Environment.NewLine + SoakOptions.Usage);
            return string.IsNullOrEmpty(error) ? 0 : 2;
        }

        var gatewayDll = options.Bench.GatewayDll ?? Program.DefaultGatewayDll();
        if (!OperatingSystem.IsLinux() || gatewayDll is null || !File.Exists(gatewayDll))
        {
            Console.Error.WriteLine($"The soak runs on Linux against a built gateway (not found at {gatewayDll}); build it first: dotnet build -c Release src/MjpegGateway.");
            return 2;
        }

        using var cancellation = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) =>
        {
            if (!cancellation.IsCancellationRequested)
            {
                e.Cancel = true;
                Console.Error.WriteLine("Stopping…");
                cancellation.Cancel();
            }
        };
        var hardCap = options.Duration + HardCapGrace;
        _ = Task.Run(async () =>
        {
            await Task.Delay(hardCap);
            Console.Error.WriteLine($"Hard time cap of {hardCap.TotalMinutes:0.0} min exceeded; exiting.");
            Environment.Exit(3);
        });

        Console.WriteLine("dotnet run -c Release --project bench/MjpegGateway.Bench -- soak " + string.Join(' ', args.Select(a => a.StartsWith("Auth:", StringComparison.Ordinal) ? "Auth:…" : a)));
        return await new SoakRun(options).RunAsync(gatewayDll, cancellation.Token);
    }

    private async Task<int> RunAsync(string gatewayDll, CancellationToken cancellationToken)
    {
        var soak = _options;
        var bench = soak.Bench with
        {
            GatewayConfig =
            [
                _tokens.GatewaySetting,
                // The sampler scrapes /metrics from 127.0.0.1; churn comes from other loopback addresses.
                // The shipped per-IP stream limit applies to the churn's addresses; the steady viewers and the
                // sampler share 127.0.0.1 and are exempt so their ramp is not refused.
                "RateLimits:Rules:streams:PerIp:PermitsPerMinute=120",
                "RateLimits:ExemptNetworks:0=127.0.0.1/32",
                .. soak.Bench.GatewayConfig,
            ],
        };
        using var tls = bench.Tls ? new BenchTls() : null;
        await using var simulator = await Simulator.StartAsync(soak.Bench.SimulatedCamera(), cancellationToken);
        await using var gateway = await GatewayProcess.StartAsync(gatewayDll, simulator.VideoUrl, bench, soak.SteadyViewers + ChurnCapHeadroom, tls, cancellationToken);
        await simulator.WaitForActiveStreamsAsync(1, UpstreamTimeout, cancellationToken);
        Log($"gateway pid {gateway.Pid} on {(tls is null ? "http" : "https")}://127.0.0.1:{gateway.Port}; camera {simulator.VideoUrl} at {bench.Resolution} {bench.Fps} fps");
        Log($"load: {soak.SteadyViewers} steady viewers, {soak.ChurnPerSecond} churned streams/s held {soak.ChurnHoldMin.TotalSeconds}-{soak.ChurnHoldMax.TotalSeconds} s ({soak.AbortShare:0%} reset), a ticket every {soak.TicketInterval.TotalSeconds} s, for {soak.Duration.TotalMinutes:0.#} min; samples to {Path.GetFullPath(soak.CsvPath)}");

        using var http = gateway.CreateClient(tls, TimeSpan.FromSeconds(10));
        await using var csv = new StreamWriter(soak.CsvPath, append: false, Encoding.ASCII);
        await csv.WriteLineAsync(SoakSample.CsvHeader);
        var samples = new List<SoakSample>();
        var clock = Stopwatch.StartNew();
        var endpoint = new IPEndPoint(IPAddress.Loopback, gateway.Port);
        var sampler = new Sampler(this, gateway, http, clock);

        await Record(await sampler.TakeAsync("baseline", [], cancellationToken));

        var window = new MeasurementWindow();
        window.Open(UnixClock.NowMicroseconds(), soak.Duration + HardCapGrace);
        var steady = new ViewerClient[soak.SteadyViewers];
        var steadyTasks = new Task[soak.SteadyViewers];
        var steadyRequest = ViewerClient.BuildRequest(gateway.Port, gateway.StreamPath);
        using var stopSteady = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        using var stopChurn = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        Task churn = Task.CompletedTask, tickets = Task.CompletedTask;
        try
        {
            for (var i = 0; i < steady.Length; i++)
            {
                steady[i] = new ViewerClient(window, new LatencyHistogram(), static () => { });
                steadyTasks[i] = steady[i].RunAsync(endpoint, steadyRequest, tls, stopSteady.Token);
                if ((i + 1) % RampBatch == 0)
                {
                    await Task.Delay(RampStep, cancellationToken);
                }
            }

            Log($"{steady.Length} steady viewers opened");
            churn = ChurnAsync(gateway, endpoint, tls, stopChurn.Token);
            tickets = TicketsAsync(gateway, endpoint, http, tls, stopChurn.Token);

            var end = soak.Duration;
            while (clock.Elapsed < end && !cancellationToken.IsCancellationRequested && !gateway.HasExited)
            {
                var wait = soak.SampleInterval < end - clock.Elapsed ? soak.SampleInterval : end - clock.Elapsed;
                await Task.Delay(wait, cancellationToken);
                await Record(await sampler.TakeAsync("load", steady, cancellationToken));
            }

            await stopChurn.CancelAsync();
            await Task.WhenAll(churn, tickets);
            await WaitInFlightAsync();
            await Task.Delay(Settle, cancellationToken);
            await Record(await sampler.TakeAsync("quiet", steady, cancellationToken));
            await stopSteady.CancelAsync();
            await Task.WhenAll(steadyTasks).WaitAsync(DrainTimeout, CancellationToken.None);
            await Task.Delay(Settle, cancellationToken);
            await Record(await sampler.TakeAsync("idle", [], cancellationToken));
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            Log("cancelled");
        }
        finally
        {
            await stopChurn.CancelAsync();
            await stopSteady.CancelAsync();
        }

        if (gateway.HasExited)
        {
            Log("the gateway exited during the soak:");
            foreach (var line in gateway.LogLines.TakeLast(30))
            {
                Log("gateway> " + line);
            }
        }

        PrintSummary(samples, steady, gateway);
        return gateway.HasExited || cancellationToken.IsCancellationRequested ? 1 : 0;

        async Task Record(SoakSample sample)
        {
            samples.Add(sample);
            await csv.WriteLineAsync(sample.ToCsv());
            await csv.FlushAsync(CancellationToken.None);
            Log(string.Create(CultureInfo.InvariantCulture,
                $"{sample.Phase} {sample.ElapsedSeconds / 60:0.0} min: RSS {sample.RssMb:0.0} MB, GC heap {sample.GcHeapMb:0.0} (gen2 {sample.Gen2Mb:0.0}, LOH {sample.LohMb:0.0}) committed {sample.GcCommittedMb:0.0} MB, {sample.FileDescriptors} fds, {sample.Threads} threads, {sample.GatewayCores:0.00} cores; steady {sample.SteadyFps:0.00} fps, {sample.SteadyDrops} drops, {sample.SteadyErrors} errors; churn {sample.ChurnStarted} ({sample.ChurnErrors} errors, {sample.ChurnNoFrame} without a frame); tickets {sample.TicketsIssued} ({sample.TicketErrors} errors); load {sample.MachineLoad1:0.0}"));
        }
    }

    /// <summary>Starts <see cref="SoakOptions.ChurnPerSecond"/> short streams a second, on schedule, until stopped.</summary>
    private async Task ChurnAsync(GatewayProcess gateway, IPEndPoint endpoint, BenchTls? tls, CancellationToken stop)
    {
        if (_options.ChurnPerSecond <= 0)
        {
            return;
        }

        var plainRequest = ViewerClient.BuildRequest(gateway.Port, gateway.StreamPath);
        var clock = Stopwatch.StartNew();
        for (long n = 0; !stop.IsCancellationRequested; n++)
        {
            var due = TimeSpan.FromSeconds(n / _options.ChurnPerSecond) - clock.Elapsed;
            if (due > TimeSpan.Zero)
            {
                try
                {
                    await Task.Delay(due, stop);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }

            if (Volatile.Read(ref _inFlight) >= MaxChurnInFlight)
            {
                Count(ref _churnErrors, "skipped: too many churned streams in flight");
                continue;
            }

            // Half anonymous, half with a token of a subject never seen before: per-subject tables must not keep them.
            var request = n % 2 == 0
                ? plainRequest
                : Encoding.ASCII.GetBytes($"GET {gateway.StreamPath} HTTP/1.1\r\nHost: 127.0.0.1:{gateway.Port}\r\nAuthorization: Bearer {_tokens.Mint("churn-" + n.ToString(CultureInfo.InvariantCulture))}\r\nUser-Agent: MjpegGateway.Bench soak\r\n\r\n");
            Interlocked.Increment(ref _churnStarted);
            _ = RunChurnedAsync(endpoint, SourceAddress(n), request, tls, ticket: false, stop);
        }
    }

    /// <summary>Every <see cref="SoakOptions.TicketInterval"/>: mint a ticket with a token, then stream with it as a churned stream.</summary>
    private async Task TicketsAsync(GatewayProcess gateway, IPEndPoint endpoint, HttpClient http, BenchTls? tls, CancellationToken stop)
    {
        using var timer = new PeriodicTimer(_options.TicketInterval);
        var token = _tokens.Mint("soak-tickets");
        var minted = Stopwatch.StartNew();
        for (long n = 0; ; n++)
        {
            try
            {
                if (!await timer.WaitForNextTickAsync(stop))
                {
                    return;
                }

                if (minted.Elapsed > TimeSpan.FromMinutes(5))
                {
                    token = _tokens.Mint("soak-tickets");
                    minted.Restart();
                }

                using var mint = new HttpRequestMessage(HttpMethod.Post, $"/cameras/{GatewayProcess.CameraId}/tickets");
                mint.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
                using var response = await http.SendAsync(mint, stop);
                if (!response.IsSuccessStatusCode)
                {
                    Count(ref _ticketErrors, $"ticket mint: HTTP {(int)response.StatusCode}");
                    continue;
                }

                using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync(stop));
                var ticket = body.RootElement.GetProperty("ticket").GetString()!;
                Interlocked.Increment(ref _ticketsIssued);
                var request = ViewerClient.BuildRequest(gateway.Port, gateway.StreamPath + "&ticket=" + Uri.EscapeDataString(ticket));
                _ = RunChurnedAsync(endpoint, SourceAddress(n * 7 + 3), request, tls, ticket: true, stop);
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or JsonException or KeyNotFoundException or InvalidOperationException)
            {
                Count(ref _ticketErrors, "ticket mint: " + ex.GetType().Name + ": " + ex.Message);
            }
        }
    }

    private async Task RunChurnedAsync(IPEndPoint endpoint, IPAddress source, byte[] request, BenchTls? tls, bool ticket, CancellationToken stop)
    {
        Interlocked.Increment(ref _inFlight);
        try
        {
            var min = _options.ChurnHoldMin.TotalSeconds;
            var hold = TimeSpan.FromSeconds(min + (Random.Shared.NextDouble() * (_options.ChurnHoldMax.TotalSeconds - min)));
            var reset = Random.Shared.NextDouble() < _options.AbortShare;
            var (error, gotFrame) = await ChurnStream.RunAsync(endpoint, source, request, tls, hold, reset, stop);
            if (error is not null)
            {
                if (ticket)
                {
                    Count(ref _ticketErrors, "ticket stream: " + error);
                }
                else
                {
                    Count(ref _churnErrors, error);
                }
            }
            else if (ticket)
            {
                Interlocked.Increment(ref _ticketStreamsOk);
            }
            else
            {
                Interlocked.Increment(ref _churnOk);
                if (!gotFrame)
                {
                    Interlocked.Increment(ref _churnNoFrame);
                }
            }
        }
        finally
        {
            Interlocked.Decrement(ref _inFlight);
        }
    }

    private async Task WaitInFlightAsync()
    {
        var clock = Stopwatch.StartNew();
        while (Volatile.Read(ref _inFlight) > 0 && clock.Elapsed < DrainTimeout)
        {
            await Task.Delay(100);
        }
    }

    private void Count(ref long counter, string reason)
    {
        Interlocked.Increment(ref counter);
        _churnErrorReasons.AddOrUpdate(reason, 1, static (_, n) => n + 1);
    }

    /// <summary>127.0.1.1 … 127.0.16.254, round robin: the per-IP tables see ~4,000 clients come and go.</summary>
    private static IPAddress SourceAddress(long n) =>
        new([127, 0, (byte)(1 + (n / HostsPerSubnet % SourceSubnets)), (byte)(1 + (n % HostsPerSubnet))]);

    private void PrintSummary(List<SoakSample> samples, ViewerClient[] steady, GatewayProcess gateway)
    {
        var inv = CultureInfo.InvariantCulture;
        var load = samples.Where(s => s.Phase == "load").ToList();
        Console.WriteLine();
        Console.WriteLine("## Soak summary");
        if (load.Count < 4)
        {
            Console.WriteLine("Too few samples for a trend.");
        }
        else
        {
            var firstHalf = load.Take(load.Count / 2).ToList();
            var lastHalf = load.Skip(load.Count / 2).ToList();
            var rssSlope = SlopePerHour(lastHalf, s => s.RssMb);
            Console.WriteLine(string.Create(inv, $"- duration under load: {load[^1].ElapsedSeconds / 60:0.0} min, {load.Count} samples every {_options.SampleInterval.TotalSeconds:0} s"));
            Console.WriteLine(string.Create(inv, $"- RSS: baseline {samples[0].RssMb:0.0} MB, first load sample {load[0].RssMb:0.0}, half-way {lastHalf[0].RssMb:0.0}, last {load[^1].RssMb:0.0}, max {load.Max(s => s.RssMb):0.0} MB"));
            Console.WriteLine(string.Create(inv, $"- RSS slope: first half {SlopePerHour(firstHalf, s => s.RssMb):+0.0;-0.0} MB/h, last half {rssSlope:+0.0;-0.0} MB/h -> {(rssSlope < PlateauMbPerHour ? "plateaued" : "still climbing")} (threshold {PlateauMbPerHour} MB/h)"));
            Console.WriteLine(string.Create(inv, $"- GC heap after GC: first {load[0].GcHeapMb:0.0} MB, last {load[^1].GcHeapMb:0.0} MB, last-half slope {SlopePerHour(lastHalf, s => s.GcHeapMb):+0.0;-0.0} MB/h; gen2 last-half slope {SlopePerHour(lastHalf, s => s.Gen2Mb):+0.0;-0.0} MB/h"));
            Console.WriteLine(string.Create(inv, $"- GC committed: first {load[0].GcCommittedMb:0.0} MB, last {load[^1].GcCommittedMb:0.0} MB"));
            Console.WriteLine(string.Create(inv, $"- steady fps per viewer: min {load.Skip(1).DefaultIfEmpty(load[0]).Min(s => s.SteadyFps):0.000}, median {Percentiles.Of(load.Skip(1).Select(s => s.SteadyFps).ToList(), 50):0.000}"));
        }

        var last = samples.Count > 0 ? samples[^1] : null;
        if (last is not null)
        {
            var baseline = samples[0];
            var lastLoad = samples.LastOrDefault(s => s.Phase == "load") ?? last;
            Console.WriteLine(string.Create(inv, $"- fds: baseline {baseline.FileDescriptors}, last under load {lastLoad.FileDescriptors}, after the load {last.FileDescriptors}; threads {baseline.Threads} -> {lastLoad.Threads} -> {last.Threads}"));
            var frames = steady.Where(v => v is not null).Sum(v => v.FramesReceivedInWindow);
            var frameKb = steady.Where(v => v is not null).Sum(v => v.BytesReceivedInWindow) / 1024.0 / Math.Max(1, frames);
            Console.WriteLine(string.Create(inv, $"- steady viewers: {lastLoad.SteadyDrops} drops, {steady.Count(v => v?.Error is not null)} errors, {frames} frames of {frameKb:0.0} KB on average"));
            Console.WriteLine(string.Create(inv, $"- churn: {last.ChurnStarted} started, {last.ChurnOk} ok ({last.ChurnNoFrame} ended before a first frame), {last.ChurnErrors} errors; tickets: {last.TicketsIssued} issued, {last.TicketStreamsOk} streamed, {last.TicketErrors} errors"));
        }

        foreach (var (reason, count) in _churnErrorReasons.OrderByDescending(p => p.Value))
        {
            Console.WriteLine($"- error x{count}: {reason}");
        }

        Console.WriteLine($"- gateway log: {gateway.Warnings} warnings, {gateway.Errors} errors");
        foreach (var line in gateway.LogLines.Take(20))
        {
            Console.WriteLine("  gateway> " + line);
        }
    }

    /// <summary>Least-squares slope of <paramref name="value"/> over elapsed time, per hour.</summary>
    private static double SlopePerHour(IReadOnlyList<SoakSample> samples, Func<SoakSample, double> value)
    {
        var xs = samples.Select(s => s.ElapsedSeconds / 3600).ToArray();
        var ys = samples.Select(value).ToArray();
        var mx = xs.Average();
        var my = ys.Average();
        var den = xs.Sum(x => (x - mx) * (x - mx));
        return den == 0 ? 0 : xs.Zip(ys).Sum(p => (p.First - mx) * (p.Second - my)) / den;
    }

    private static void Log(string message) => Console.WriteLine($"[{DateTime.UtcNow:HH:mm:ss}Z] {message}");

    /// <summary>Takes one sample: /proc for the process, /metrics for the managed heap, the load's counters.</summary>
    private sealed class Sampler(SoakRun run, GatewayProcess gateway, HttpClient http, Stopwatch clock)
    {
        private const double Mb = 1024 * 1024;
        private ProcessSample _lastProcess = gateway.Sample();
        private TimeSpan _lastAt = clock.Elapsed;
        private long _lastSteadyFrames;

        public async Task<SoakSample> TakeAsync(string phase, ViewerClient[] steady, CancellationToken cancellationToken)
        {
            var process = gateway.HasExited ? _lastProcess : gateway.Sample();
            var now = clock.Elapsed;
            var interval = (now - _lastAt).TotalSeconds;
            var metrics = await MetricsScrape.ReadAsync(http, cancellationToken);
            var started = steady.Where(v => v is not null).ToArray();
            var frames = started.Sum(v => v.FramesReceivedInWindow);
            var fps = started.Length == 0 || interval <= 0 ? 0 : (frames - _lastSteadyFrames) / interval / started.Length;
            // A viewer's gaps in the camera's sequence are the frames the gateway dropped for it.
            var drops = started.Where(v => v.FramesSentInWindow > 0)
                .Sum(v => v.LastSequenceInWindow - v.FirstSequenceInWindow + 1 - v.FramesSentInWindow);
            var sample = new SoakSample
            {
                Utc = DateTime.UtcNow,
                Phase = phase,
                ElapsedSeconds = now.TotalSeconds,
                RssMb = process.RssKb / 1024.0,
                GcHeapMb = metrics.Sum("dotnet_gc_last_collection_heap_size") / Mb,
                Gen0Mb = metrics.Sum("dotnet_gc_last_collection_heap_size", "\"gen0\"") / Mb,
                Gen1Mb = metrics.Sum("dotnet_gc_last_collection_heap_size", "\"gen1\"") / Mb,
                Gen2Mb = metrics.Sum("dotnet_gc_last_collection_heap_size", "\"gen2\"") / Mb,
                LohMb = metrics.Sum("dotnet_gc_last_collection_heap_size", "\"loh\"") / Mb,
                PohMb = metrics.Sum("dotnet_gc_last_collection_heap_size", "\"poh\"") / Mb,
                GcCommittedMb = metrics.Sum("dotnet_gc_last_collection_memory_committed_size") / Mb,
                GcFragmentationMb = metrics.Sum("dotnet_gc_last_collection_heap_fragmentation_size") / Mb,
                Gen0Collections = metrics.Sum("dotnet_gc_collections", "\"gen0\""),
                Gen1Collections = metrics.Sum("dotnet_gc_collections", "\"gen1\""),
                Gen2Collections = metrics.Sum("dotnet_gc_collections", "\"gen2\""),
                FileDescriptors = CountFileDescriptors(gateway.Pid),
                Threads = process.Threads,
                GatewayCores = interval <= 0 ? 0 : ProcessMetrics.CpuSeconds(_lastProcess, process) / interval,
                SteadyFps = fps,
                SteadyDrops = drops,
                SteadyErrors = started.Count(v => v.Error is not null),
                ChurnStarted = Interlocked.Read(ref run._churnStarted),
                ChurnOk = Interlocked.Read(ref run._churnOk),
                ChurnNoFrame = Interlocked.Read(ref run._churnNoFrame),
                ChurnErrors = Interlocked.Read(ref run._churnErrors),
                TicketsIssued = Interlocked.Read(ref run._ticketsIssued),
                TicketStreamsOk = Interlocked.Read(ref run._ticketStreamsOk),
                TicketErrors = Interlocked.Read(ref run._ticketErrors),
                MachineLoad1 = double.Parse(File.ReadAllText("/proc/loadavg").Split(' ')[0], CultureInfo.InvariantCulture),
            };
            _lastProcess = process;
            _lastAt = now;
            _lastSteadyFrames = frames;
            return sample;
        }

        private static int CountFileDescriptors(int pid)
        {
            try
            {
                return Directory.EnumerateFileSystemEntries($"/proc/{pid}/fd").Count();
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                return -1;
            }
        }
    }
}
