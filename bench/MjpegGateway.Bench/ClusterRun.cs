using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using MjpegGateway.CameraSimulator;
using MjpegGateway.ClusterTests.Infrastructure;
using Simulator = MjpegGateway.CameraSimulator.CameraSimulator;

namespace MjpegGateway.Bench;

/// <summary>
/// The <c>cluster</c> mode (issue 11's benchmark): one redis-server, one simulator and three gateway replicas as processes
/// on loopback, each with its own viewers of one AlwaysOn camera. Per repetition:
/// <list type="number">
/// <item>the owner alone (replica 0, which takes the camera's lease) with its viewers: its CPU with no relay;</item>
/// <item>replicas 1 and 2 join, relay from the owner, and get their viewers: the camera's connections, every replica's CPU,
/// and latency (camera stamp to arrival, one clock) of the owner's viewers and the relaying replicas' viewers in the same
/// window; the owner's extra CPU per relay is its CPU now less step 1's, over two relays;</item>
/// <item>the owner is killed (SIGKILL): time from its exit until the first, the median and the last viewer on the other
/// replicas gets a frame the camera sent after it, on the connection it had.</item>
/// </list>
/// </summary>
internal static class ClusterRun
{
    private const int Replicas = 3;
    private const int RampBatch = 25;
    private static readonly TimeSpan RampStep = TimeSpan.FromMilliseconds(50);
    private static readonly TimeSpan UpstreamTimeout = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan FirstFramesTimeout = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(15);
    private static readonly TimeSpan FailoverPoll = TimeSpan.FromMilliseconds(20);

    public const string Usage = """
        MjpegGateway cluster benchmark: redis-server, the simulator and 3 gateway replicas as processes on loopback, one
        AlwaysOn camera; the owner alone, then all three relaying, then the owner killed.

          cluster --viewers-per-replica 300   viewers on each replica (default 300)
                  --lease-seconds 10          Cluster:LeaseSeconds (default 10, as deploy/kubernetes)
          plus --seconds, --warmup, --repeat, --frame-kb, --resolution, --fps, --tls, --gateway-dll, --gateway-config as for a
          normal run. Needs redis-server on the PATH (Debian's redis-server package).
        """;

    public static async Task<int> MainAsync(string[] args)
    {
        var (perReplica, leaseSeconds, bench, error) = Parse(args);
        if (bench is null)
        {
            Console.Error.WriteLine(string.IsNullOrEmpty(error) ? Usage : error + Environment.NewLine + Environment.NewLine + Usage);
            return string.IsNullOrEmpty(error) ? 0 : 2;
        }

        var gatewayDll = bench.GatewayDll ?? Program.DefaultGatewayDll();
        if (!OperatingSystem.IsLinux() || gatewayDll is null || !File.Exists(gatewayDll))
        {
            Console.Error.WriteLine($"The cluster bench runs on Linux against a built gateway (not found at {gatewayDll}); build it first: dotnet build -c Release src/MjpegGateway.");
            return 2;
        }

        // Each repetition: three starts, two windows with warm-up, the failover (at most the lease plus half a minute).
        var hardCap = bench.Repeat * (TimeSpan.FromMinutes(2) + 2 * (bench.Warmup + bench.Measure) + TimeSpan.FromSeconds(leaseSeconds + 30));
        using var cancellation = new CancellationTokenSource(hardCap);
        Console.CancelKeyPress += (_, e) =>
        {
            if (!cancellation.IsCancellationRequested)
            {
                e.Cancel = true;
                cancellation.Cancel();
            }
        };
        _ = Task.Run(async () =>
        {
            await Task.Delay(hardCap + TimeSpan.FromSeconds(30));
            Console.Error.WriteLine($"Hard time cap of {hardCap.TotalMinutes:0.0} min exceeded; exiting.");
            Environment.Exit(3);
        });

        var commandLine = "dotnet run -c Release --project bench/MjpegGateway.Bench -- cluster " + string.Join(' ', args);
        Console.WriteLine(commandLine);
        Console.WriteLine($"gateway: {gatewayDll}; hard cap {hardCap.TotalMinutes:0.0} min; {Environment.ProcessorCount} CPUs; load before: {File.ReadAllText("/proc/loadavg").Trim()}");
        var results = new List<ClusterResult>();
        for (var repetition = 1; repetition <= bench.Repeat && !cancellation.IsCancellationRequested; repetition++)
        {
            Console.WriteLine($"== repetition {repetition}/{bench.Repeat}: {Replicas} x {perReplica} viewers, lease {leaseSeconds} s");
            try
            {
                var result = await RunOnceAsync(gatewayDll, bench, perReplica, leaseSeconds, cancellation.Token);
                results.Add(result);
                Console.WriteLine("  " + result);
            }
            catch (Exception ex) when (ex is InvalidOperationException or TimeoutException or IOException or HttpRequestException or OperationCanceledException)
            {
                Console.Error.WriteLine($"  failed: {ex.Message}");
            }
        }

        Console.WriteLine();
        Console.WriteLine($"load after: {File.ReadAllText("/proc/loadavg").Trim()}");
        Console.Write(ClusterResult.Table(results, perReplica));
        return results.Count == bench.Repeat ? 0 : 1;
    }

    private static async Task<ClusterResult> RunOnceAsync(string gatewayDll, BenchOptions bench, int perReplica, double leaseSeconds, CancellationToken cancellationToken)
    {
        await using var redis = await RedisServer.StartNewAsync();
        await using var simulator = await Simulator.StartAsync(bench.SimulatedCamera(), cancellationToken);
        using var tls = bench.Tls ? new BenchTls() : null;
        var secret = "base64:" + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
        var gateways = new List<GatewayProcess>();
        var viewers = new List<(ViewerClient Client, Task Run, int Replica)>();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        try
        {
            // Replica 0 first: with the camera AlwaysOn it takes the lease at once, and makes the one certificate the others reuse.
            gateways.Add(await StartReplicaAsync(0));
            await simulator.WaitForActiveStreamsAsync(1, UpstreamTimeout, cancellationToken);
            var ownerAlone = new MeasurementWindow();
            var ownerAloneLatency = new LatencyHistogram();
            await OpenViewersAsync(0, ownerAlone, ownerAloneLatency);
            var alone = await MeasureAsync(ownerAlone, [gateways[0]]);

            gateways.Add(await StartReplicaAsync(1));
            gateways.Add(await StartReplicaAsync(2));
            var window = new MeasurementWindow();
            var latency = Enumerable.Range(0, Replicas).Select(_ => new LatencyHistogram()).ToArray();
            // The owner's viewers move to the shared window: the same clock and the same seconds for all three.
            foreach (var (client, _, _) in viewers)
            {
                client.Retarget(window, latency[0]);
            }

            await OpenViewersAsync(1, window, latency[1]);
            await OpenViewersAsync(2, window, latency[2]);
            var all = await MeasureAsync(window, gateways);
            var cameraConnections = simulator.ActiveStreams;
            var streamsServed = simulator.StreamsServed;

            // Who owns the camera now (it serves the relays), and how often the lease changed hands: replica 0 took it
            // first, but an owner that cannot renew in time (a starved box) gives it up.
            var scrapes = await Task.WhenAll(gateways.Select(g => ScrapeAsync(g)));
            var ownerIndex = Array.IndexOf(scrapes, scrapes.MaxBy(m => m.Sum("mjpeg_cluster_relays_served")));
            var leaseChanges = string.Join("/", scrapes.Select(m => m.Sum("mjpeg_cluster_lease_changes_total") is var n && double.IsNaN(n) ? 0 : n));

            // Failover: SIGKILL the owner; the other replicas' viewers keep their connections and wait for new frames.
            var owner = gateways[ownerIndex];
            gateways.Remove(owner);
            await owner.DisposeAsync();
            // From the moment it is gone: killing takes a moment (the process tree is read first), during which the owner
            // still relays frames, which must not count as frames after the kill.
            var killed = UnixClock.NowMicroseconds();
            var others = viewers.Where(v => v.Replica != ownerIndex).Select(v => v.Client).ToList();
            var firstFrame = new Dictionary<ViewerClient, double>();
            var deadline = Stopwatch.StartNew();
            while (firstFrame.Count < others.Count && deadline.Elapsed < TimeSpan.FromSeconds(leaseSeconds + 30))
            {
                var now = UnixClock.NowMicroseconds();
                foreach (var client in others.Where(c => !firstFrame.ContainsKey(c) && c.LastSentMicroseconds > killed))
                {
                    firstFrame[client] = (now - killed) / 1e6;
                }

                await Task.Delay(FailoverPoll, cancellationToken);
            }

            var gaps = firstFrame.Values.Order().ToList();
            return new ClusterResult
            {
                OwnerAloneCores = alone.Cores[0],
                Cores = all.Cores,
                MachineBusyCores = all.MachineBusyCores,
                DeliveredMBps = all.DeliveredMBps,
                FpsP50 = all.FpsP50,
                CameraFps = all.CameraFps,
                OwnerAloneLatencyP50Ms = ownerAloneLatency.ValueAtPercentile(50) / 1000,
                LatencyP50Ms = latency.Select(l => l.ValueAtPercentile(50) / 1000).ToArray(),
                LatencyP99Ms = latency.Select(l => l.ValueAtPercentile(99) / 1000).ToArray(),
                CameraConnections = cameraConnections,
                CameraStreamsServed = streamsServed,
                Errored = viewers.Count(v => v.Client.Error is not null && v.Replica != ownerIndex),
                OwnerAtEnd = ownerIndex,
                LeaseChanges = leaseChanges,
                FailoverFirstSeconds = gaps.Count == 0 ? double.NaN : gaps[0],
                FailoverMedianSeconds = gaps.Count == 0 ? double.NaN : gaps[gaps.Count / 2],
                FailoverLastSeconds = gaps.Count == others.Count ? gaps[^1] : double.NaN,
                FailoverViewers = $"{gaps.Count}/{others.Count}",
                SurvivedOnSameConnection = others.Count(c => c.Error is null),
            };
        }
        finally
        {
            await stop.CancelAsync();
            try
            {
                await Task.WhenAll(viewers.Select(v => v.Run)).WaitAsync(StopTimeout, CancellationToken.None);
            }
            catch (TimeoutException)
            {
                Console.Error.WriteLine("  some viewers did not stop in time");
            }

            foreach (var gateway in gateways)
            {
                await gateway.DisposeAsync();
            }
        }

        async Task<GatewayProcess> StartReplicaAsync(int index)
        {
            var relayPort = GatewayProcess.FreeLoopbackPort();
            var options = bench with
            {
                GatewayConfig =
                [
                    $"Cluster:NodeId=replica{index}",
                    $"Cluster:NodeUrl={(tls is null ? "http" : "https")}://127.0.0.1:{relayPort}",
                    $"Cluster:LeaseSeconds={leaseSeconds.ToString(CultureInfo.InvariantCulture)}",
                    .. bench.GatewayConfig,
                ],
                // Secrets through the environment, as an operator passes them.
                GatewayEnvironment = [$"Cluster__Redis={redis.Configuration}", $"Cluster__Secret={secret}", .. bench.GatewayEnvironment],
            };
            var gateway = await GatewayProcess.StartAsync(gatewayDll, simulator.VideoUrl, options, Replicas * perReplica + 10, tls, BenchVariant.Default, null, cancellationToken, relayPort);
            Log($"replica{index}: pid {gateway.Pid}, port {gateway.Port}, relay {relayPort}");
            return gateway;
        }

        async Task<MetricsScrape> ScrapeAsync(GatewayProcess gateway)
        {
            using var http = gateway.CreateClient(tls, TimeSpan.FromSeconds(10));
            return await MetricsScrape.ReadAsync(http, cancellationToken);
        }

        async Task OpenViewersAsync(int replica, MeasurementWindow window, LatencyHistogram histogram)
        {
            var endpoint = new IPEndPoint(IPAddress.Loopback, gateways[replica].Port);
            var request = ViewerClient.BuildRequest(gateways[replica].Port, gateways[replica].StreamPath);
            var opened = new List<ViewerClient>();
            for (var i = 0; i < perReplica; i++)
            {
                var client = new ViewerClient(window, histogram, static () => { });
                viewers.Add((client, client.RunAsync(endpoint, request, tls, stop.Token), replica));
                opened.Add(client);
                if ((i + 1) % RampBatch == 0)
                {
                    await Task.Delay(RampStep, cancellationToken);
                }
            }

            var clock = Stopwatch.StartNew();
            while (opened.Any(c => c.FramesTotal == 0 && c.Error is null) && clock.Elapsed < FirstFramesTimeout)
            {
                await Task.Delay(100, cancellationToken);
            }

            Log($"replica{replica}: {opened.Count(c => c.FramesTotal > 0)}/{perReplica} viewers streaming, {opened.Count(c => c.Error is not null)} failed, after {clock.Elapsed.TotalSeconds:0.0} s");
        }

        async Task<Window> MeasureAsync(MeasurementWindow window, List<GatewayProcess> measured)
        {
            await Task.Delay(bench.Warmup, cancellationToken);
            var start = measured.Select(g => g.Sample()).ToArray();
            var machineStart = ProcessMetrics.SampleMachine();
            var framesStart = simulator.FramesSent;
            var clock = Stopwatch.StartNew();
            window.Open(UnixClock.NowMicroseconds(), bench.Measure);
            await Task.Delay(bench.Measure, cancellationToken);
            var end = measured.Select(g => g.Sample()).ToArray();
            var machineEnd = ProcessMetrics.SampleMachine();
            var wall = clock.Elapsed;
            var inWindow = viewers.Select(v => v.Client).Where(c => c.FramesReceivedInWindow > 0).ToList();
            var fps = viewers.Select(v => v.Client.FramesReceivedInWindow / bench.Measure.TotalSeconds).ToList();
            return new Window(
                Enumerable.Range(0, measured.Count).Select(i => ProcessMetrics.CpuSeconds(start[i], end[i]) / wall.TotalSeconds).ToArray(),
                ProcessMetrics.BusyCores(machineStart, machineEnd, wall),
                inWindow.Sum(c => c.BytesReceivedInWindow) / 1024.0 / 1024.0 / bench.Measure.TotalSeconds,
                Percentiles.Of(fps, 50),
                (simulator.FramesSent - framesStart) / wall.TotalSeconds);
        }
    }

    private static (int PerReplica, double LeaseSeconds, BenchOptions? Bench, string? Error) Parse(string[] args)
    {
        var perReplica = 300;
        var leaseSeconds = 10.0;
        var rest = new List<string>();
        for (var i = 0; i < args.Length; i++)
        {
            if (args[i] is "-h" or "--help")
            {
                return (0, 0, null, "");
            }

            if (args[i] is not ("--viewers-per-replica" or "--lease-seconds"))
            {
                rest.Add(args[i]);
                continue;
            }

            if (i + 1 >= args.Length || !double.TryParse(args[i + 1], NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
            {
                return (0, 0, null, $"{args[i]} needs a number.");
            }

            switch (args[i++])
            {
                case "--viewers-per-replica" when value >= 1 && value <= BenchOptions.MaxViewers / Replicas && value == Math.Floor(value):
                    perReplica = (int)value;
                    break;
                case "--lease-seconds" when value is >= 2 and <= 120:
                    leaseSeconds = value;
                    break;
                default:
                    return (0, 0, null, $"{args[i - 1]}: '{value}' is out of range; see --help.");
            }
        }

        var bench = BenchOptions.Parse([.. rest], out var error);
        return (perReplica, leaseSeconds, bench, error);
    }

    private static void Log(string message) => Console.WriteLine($"  [{DateTime.Now:HH:mm:ss}] {message}");

    private sealed record Window(double[] Cores, double MachineBusyCores, double DeliveredMBps, double FpsP50, double CameraFps);
}
