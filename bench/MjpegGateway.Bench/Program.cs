using System.Diagnostics;
using System.Globalization;

namespace MjpegGateway.Bench;

/// <summary>Entry point: parses the command line, runs each viewer count and prints Markdown tables.</summary>
internal static class Program
{
    private const string SolutionFile = "MjpegGateway.sln";
    private static readonly TimeSpan ForcedExitGrace = TimeSpan.FromSeconds(30);

    public static async Task<int> Main(string[] args)
    {
        if (args is ["soak", .. var soakArgs])
        {
            return await SoakRun.MainAsync(soakArgs);
        }

        if (args is ["cluster", .. var clusterArgs])
        {
            return await ClusterRun.MainAsync(clusterArgs);
        }

        var options = BenchOptions.Parse(args, out var error);
        if (options is null)
        {
            Console.Error.WriteLine(string.IsNullOrEmpty(error) ? BenchOptions.Usage : error + Environment.NewLine + Environment.NewLine + BenchOptions.Usage);
            return string.IsNullOrEmpty(error) ? 0 : 2;
        }

        if (!OperatingSystem.IsLinux())
        {
            Console.Error.WriteLine("The benchmark reads the gateway's CPU and memory from /proc and runs on Linux only.");
            return 2;
        }

        var gatewayDll = options.GatewayDll ?? DefaultGatewayDll();
        if (gatewayDll is null || !File.Exists(gatewayDll))
        {
            Console.Error.WriteLine($"Gateway not found at {gatewayDll ?? "src/MjpegGateway/bin/Release/net10.0/MjpegGateway.dll"}. "
                + "Build it first: dotnet build -c Release src/MjpegGateway (or pass --gateway-dll).");
            return 2;
        }

        var timeout = options.EffectiveTimeout();
        using var cancellation = new CancellationTokenSource(timeout);
        Console.CancelKeyPress += (_, e) =>
        {
            // First Ctrl+C: stop cleanly (viewers closed, gateway killed). A second one ends the process at once.
            if (!cancellation.IsCancellationRequested)
            {
                e.Cancel = true;
                Console.Error.WriteLine("Stopping…");
                cancellation.Cancel();
            }
        };
        // Last resort if a clean stop hangs: the ProcessExit handler in GatewayProcess still kills the gateway.
        _ = Task.Run(async () =>
        {
            await Task.Delay(timeout + ForcedExitGrace);
            Console.Error.WriteLine($"Hard time cap of {timeout.TotalMinutes:0.0} min exceeded; exiting.");
            Environment.Exit(3);
        });

        var commandLine = "dotnet run -c Release --project bench/MjpegGateway.Bench -- " + string.Join(' ', args);
        Console.WriteLine(commandLine);
        Console.WriteLine($"gateway: {gatewayDll}");
        Console.WriteLine($"hard cap: {timeout.TotalMinutes:0.0} min; CLK_TCK {ProcessMetrics.ClockTicksPerSecond}");

        Console.WriteLine(options.Http2StreamsPerConnection > 0 ? $"transport: HTTP/2 over TLS, {options.Http2StreamsPerConnection} streams per connection, stream window {options.Http2StreamWindowKb} KiB"
            : options.Tls ? "transport: HTTPS (HTTP/1.1 over TLS, ALPN http/1.1)" : "transport: plain HTTP");
        PinBenchAwayFromGateway(options.GatewayCpus);
        // One certificate folder and one pin for the whole run: the first gateway makes the certificate, the rest reuse it.
        using var tls = options.Tls ? new BenchTls() : null;
        var jwt = options.Jwt ? new BenchJwt(GatewayProcess.CameraId) : null;
        var records = new RunRecords(options.ResultsDirectory ?? DefaultResultsDirectory(), commandLine);
        Console.WriteLine($"raw records: {records.Directory}");
        var variants = options.Variants.Count == 0 ? [BenchVariant.Default] : options.Variants;
        var runs = new List<(int Viewers, RunResult? Result, string? Failure)>();
        // Interleaved: every variant and count once per repetition, so drift on a shared box hits all of them alike.
        foreach (var (repetition, variant, viewers) in
            from r in Enumerable.Range(1, options.Repeat) from v in variants from n in options.ViewerCounts select (r, v, n))
        {
            if (cancellation.IsCancellationRequested)
            {
                break;
            }

            var dll = variant.GatewayDll ?? gatewayDll;
            Console.WriteLine();
            Console.WriteLine($"== {viewers} viewer(s), variant {variant.Name}, repetition {repetition}/{options.Repeat}: warm-up {options.Warmup.TotalSeconds:0} s, window {options.Measure.TotalSeconds:0} s");
            try
            {
                var result = await BenchRun.RunAsync(options, viewers, dll, tls, variant, jwt, cancellation.Token) with { Repetition = repetition };
                runs.Add((viewers, result, null));
                records.Add(result);
                PrintRunDetails(result);
            }
            catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
            {
                runs.Add((viewers, null, "cancelled"));
                Console.Error.WriteLine("  cancelled");
            }
            catch (Exception ex) when (ex is InvalidOperationException or TimeoutException or IOException or HttpRequestException or System.Net.Sockets.SocketException or System.Security.Authentication.AuthenticationException)
            {
                runs.Add((viewers, null, ex.Message));
                Console.Error.WriteLine($"  failed: {ex.Message}");
            }
        }

        Console.WriteLine();
        Console.WriteLine("```");
        Console.WriteLine(commandLine);
        Console.WriteLine("```");
        Console.WriteLine();
        Console.Write(ResultTable.Render(runs));
        Console.WriteLine();
        Console.Write(ResultTable.RenderMedians([.. runs.Where(r => r.Result is not null).Select(r => r.Result!)]));
        return cancellation.IsCancellationRequested || runs.Any(r => r.Result is null) ? 1 : 0;
    }

    private static void PrintRunDetails(RunResult r)
    {
        var inv = CultureInfo.InvariantCulture;
        Console.WriteLine(string.Create(inv, $"  fps/viewer min {r.FpsMin:0.0} p5 {r.FpsP5:0.0} p50 {r.FpsP50:0.0} (camera {r.CameraFps:0.0}); latency p50 {r.LatencyP50Ms:0.0} p99 {r.LatencyP99Ms:0.0} max {r.LatencyMaxMs:0.0} ms over {r.LatencySamples} frames"));
        Console.WriteLine(string.Create(inv, $"  dropped {r.DroppedRatio:0.00%} (worst viewer {r.DroppedRatioWorst:0.00%}); errored {r.Errored}, never got a frame {r.NoFrames}; unstamped {r.Unstamped}, out of order {r.OutOfOrder}"));
        Console.WriteLine(string.Create(inv, $"  gateway {r.GatewayCpuSeconds:0.00} CPU s = {r.GatewayCores:0.00} cores; bench {r.BenchCores:0.00} cores; machine busy {r.MachineBusyCores:0.00} cores (other {r.OtherCores:0.00}); {r.DeliveredMBps:0.0} MB/s delivered, {r.AverageFrameKb:0.0} KB/frame"));
        Console.WriteLine(string.Create(inv, $"  gateway RSS at ready {r.ReadyRssKb / 1024.0:0.0} MB, baseline {r.BaselineRssKb / 1024.0:0.0} MB, window {r.WindowStartRssKb / 1024.0:0.0} -> {r.WindowEndRssKb / 1024.0:0.0} MB, peak {r.PeakRssKb / 1024.0:0.0} MB, {r.GrowthKbPerViewer:0.0} KB/viewer, {r.GatewayThreads} threads"));
        Console.WriteLine("  gateway RSS through the window, MB: " + string.Join(' ', r.RssTraceKb.Select(kb => (kb / 1024.0).ToString("0.0", inv))));
        Console.WriteLine(string.Create(inv, $"  {r.CoreSecondsPerGB:0.000} gateway core·s per GB delivered ({r.DeliveredBytes / 1e9:0.00} GB in the window)"));
        if (r.JoinTtff.Joins > 0)
        {
            Console.WriteLine($"  joins while watching: {r.JoinTtff}");
        }

        if (r.ColdTtff.Joins > 0)
        {
            Console.WriteLine($"  cold start: {r.ColdTtff}");
        }

        Console.WriteLine($"  upstream connections served: {r.UpstreamConnections}; gateway log: {r.GatewayWarnings} warnings, {r.GatewayErrors} errors");
        foreach (var (reason, count) in r.ErrorReasons.OrderByDescending(p => p.Value))
        {
            Console.WriteLine($"  viewer error x{count}: {reason}");
        }

        foreach (var line in r.GatewayLog.Take(20))
        {
            Console.WriteLine("  gateway> " + line);
        }
    }

    /// <summary>
    /// With <c>--gateway-cpus</c>: moves every thread of this process (simulator and viewers) to the CPUs the gateway
    /// does not use, with <c>taskset -a</c>; threads started later inherit it.
    /// </summary>
    private static void PinBenchAwayFromGateway(string? gatewayCpus)
    {
        if (gatewayCpus is null)
        {
            return;
        }

        var gateway = new HashSet<int>();
        foreach (var part in gatewayCpus.Split(',', StringSplitOptions.RemoveEmptyEntries))
        {
            var range = part.Split('-');
            var from = int.Parse(range[0], CultureInfo.InvariantCulture);
            var to = range.Length > 1 ? int.Parse(range[1], CultureInfo.InvariantCulture) : from;
            for (var cpu = from; cpu <= to; cpu++)
            {
                gateway.Add(cpu);
            }
        }

        var others = Enumerable.Range(0, Environment.ProcessorCount).Where(c => !gateway.Contains(c)).ToList();
        if (others.Count == 0)
        {
            Console.WriteLine("bench: not pinned (the gateway has every CPU)");
            return;
        }

        var list = string.Join(',', others);
        using var taskset = Process.Start(new ProcessStartInfo("taskset", ["-a", "-p", "-c", list, Environment.ProcessId.ToString(CultureInfo.InvariantCulture)])
        {
            RedirectStandardOutput = true,
            UseShellExecute = false,
        }) ?? throw new InvalidOperationException("taskset did not start.");
        taskset.WaitForExit();
        Console.WriteLine(taskset.ExitCode == 0 ? $"bench pinned to CPUs {list}, gateway to {gatewayCpus}" : $"bench: taskset failed ({taskset.ExitCode}); not pinned");
    }

    /// <summary>bench/results of the repository (ignored by git), or ./bench-results outside one.</summary>
    private static string DefaultResultsDirectory()
    {
        for (var dir = new DirectoryInfo(Directory.GetCurrentDirectory()); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, SolutionFile)))
            {
                return Path.Combine(dir.FullName, "bench", "results");
            }
        }

        return Path.Combine(Directory.GetCurrentDirectory(), "bench-results");
    }

    /// <summary>The Release build of src/MjpegGateway, found from the repository root above the working directory or this tool.</summary>
    internal static string? DefaultGatewayDll()
    {
        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, SolutionFile)))
                {
                    return Path.Combine(dir.FullName, "src", "MjpegGateway", "bin", "Release", "net10.0", "MjpegGateway.dll");
                }
            }
        }

        return null;
    }
}
