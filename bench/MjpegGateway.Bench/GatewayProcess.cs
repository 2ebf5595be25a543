using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace MjpegGateway.Bench;

/// <summary>
/// The gateway under test as its own OS process, so its CPU and memory are its own. Always killed on dispose,
/// whatever state the run ended in.
/// </summary>
internal sealed class GatewayProcess : IAsyncDisposable
{
    public const string CameraId = "bench";
    public const string ProfileName = "hd";

    private const int MaxKeptLogLines = 400;
    private const int StartAttempts = 3;
    private static readonly TimeSpan HealthTimeout = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan HealthPollInterval = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan ExitWait = TimeSpan.FromSeconds(10);

    // Everything the gateway prints at Warning and above, kept bounded so a log storm cannot exhaust memory.
    private readonly List<string> _log = [];
    private readonly Process _process;
    private int _warnings;
    private int _errors;

    private GatewayProcess(Process process, int port, bool isGateway)
    {
        _process = process;
        Port = port;
        IsGateway = isGateway;
    }

    /// <summary>Live gateway processes, killed on process exit in case the normal path never runs.</summary>
    private static readonly HashSet<Process> Live = [];

    static GatewayProcess()
    {
        AppDomain.CurrentDomain.ProcessExit += (_, _) => KillAllLive();
    }

    public int Port { get; }

    public int Pid => _process.Id;

    /// <summary>
    /// Whether this is the gateway (a .dll) and not a native reference server, which serves its stream on every path
    /// and has no <c>/metrics</c>.
    /// </summary>
    public bool IsGateway { get; }

    public bool HasExited => _process.HasExited;

    public int Warnings => Volatile.Read(ref _warnings);

    public int Errors => Volatile.Read(ref _errors);

    public string StreamPath => $"/cameras/{CameraId}/stream?profile={ProfileName}";

    public IReadOnlyList<string> LogLines
    {
        get
        {
            lock (_log)
            {
                return [.. _log];
            }
        }
    }

    /// <summary>
    /// Starts the gateway on a free loopback port with one AlwaysOn camera and waits for <c>/healthz</c>; over HTTPS
    /// with <paramref name="tls"/>, whose pin the first health check sets.
    /// </summary>
    public static async Task<GatewayProcess> StartAsync(
        string gatewayDll, Uri cameraUrl, BenchOptions options, int maxViewers, BenchTls? tls, CancellationToken cancellationToken) =>
        await StartAsync(gatewayDll, cameraUrl, options, maxViewers, tls, BenchVariant.Default, null, cancellationToken);

    /// <summary>
    /// As above, for one <paramref name="variant"/>, with a non-public camera when <paramref name="jwt"/> is set, and with a
    /// second listening port for a cluster replica's relay when <paramref name="relayPort"/> is set.
    /// </summary>
    public static async Task<GatewayProcess> StartAsync(
        string gatewayDll, Uri cameraUrl, BenchOptions options, int maxViewers, BenchTls? tls, BenchVariant variant, BenchJwt? jwt,
        CancellationToken cancellationToken, int? relayPort = null)
    {
        // The port is chosen by the OS and released for the gateway; another process could take it in between,
        // so a start that never becomes healthy is retried on a new port.
        for (var attempt = 1; ; attempt++)
        {
            var port = FreeLoopbackPort();
            var gateway = new GatewayProcess(Launch(gatewayDll, port, relayPort, cameraUrl, options, maxViewers, tls, variant, jwt), port, !IsNative(gatewayDll));
            gateway.AttachLog();
            try
            {
                await gateway.WaitHealthyAsync(tls, cancellationToken);
                return gateway;
            }
            catch (Exception ex) when (ex is not OperationCanceledException && attempt < StartAttempts)
            {
                Console.Error.WriteLine($"  gateway did not start on port {port} ({ex.Message}); retrying");
                await gateway.DisposeAsync();
            }
            catch
            {
                await gateway.DisposeAsync();
                throw;
            }
        }
    }

    public ProcessSample Sample() => ProcessMetrics.Sample(_process.Id);

    /// <summary>An HTTP client for the gateway's own endpoints (probes, <c>/metrics</c>), trusting the run's certificate.</summary>
    public HttpClient CreateClient(BenchTls? tls, TimeSpan timeout)
    {
        var handler = new SocketsHttpHandler();
        if (tls is not null)
        {
            handler.SslOptions.RemoteCertificateValidationCallback = tls.Validate;
        }

        return new HttpClient(handler) { BaseAddress = new Uri($"{Scheme(tls)}://127.0.0.1:{Port}"), Timeout = timeout };
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
            }

            using var exitWait = new CancellationTokenSource(ExitWait);
            await _process.WaitForExitAsync(exitWait.Token);
        }
        catch (Exception ex) when (ex is InvalidOperationException or OperationCanceledException or System.ComponentModel.Win32Exception)
        {
            Console.Error.WriteLine($"  gateway pid {_process.Id} did not exit cleanly: {ex.Message}");
        }
        finally
        {
            lock (Live)
            {
                Live.Remove(_process);
            }

            _process.Dispose();
        }
    }

    private static Process Launch(
        string gatewayDll, int port, int? relayPort, Uri cameraUrl, BenchOptions options, int maxViewers, BenchTls? tls, BenchVariant variant, BenchJwt? jwt)
    {
        // Pinned: taskset execs dotnet, so the pid is the gateway's and /proc readings stay its own. A path that is
        // not a .dll is a native server (the reference fan-out) run directly with the same command line.
        var native = IsNative(gatewayDll);
        var host = native ? gatewayDll : "dotnet";
        var start = new ProcessStartInfo(options.GatewayCpus is null ? host : "taskset")
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Path.GetDirectoryName(gatewayDll)!,
        };
        if (options.GatewayCpus is not null)
        {
            start.ArgumentList.Add("-c");
            start.ArgumentList.Add(options.GatewayCpus);
            start.ArgumentList.Add(host);
        }

        if (!native)
        {
            start.ArgumentList.Add(gatewayDll);
        }

        string[] settings =
        [
            $"urls={Scheme(tls)}://127.0.0.1:{port}" + (relayPort is { } relay ? $";{Scheme(tls)}://127.0.0.1:{relay}" : ""),
            $"Cameras:{CameraId}:Url={cameraUrl}",
            $"Cameras:{CameraId}:Profiles:{ProfileName}=resolution={options.Resolution}&fps={options.Fps}",
            $"Cameras:{CameraId}:DefaultProfile={ProfileName}",
            $"Cameras:{CameraId}:Mode=AlwaysOn",
            $"Cameras:{CameraId}:MaxViewers={maxViewers}",
            $"Gateway:MaxViewersTotal={maxViewers}",
            // The bench measures the streaming path, not the front door: one public camera over plain HTTP on
            // loopback, with per-client caps and stream-start rate limits lifted (all viewers share one IP).
            jwt is null ? $"Cameras:{CameraId}:Public=true" : $"Cameras:{CameraId}:Public=false",
            // Required: /readyz waits for the camera's stream, which is when the cold-start joins begin.
            $"Cameras:{CameraId}:Required=true",
            "RateLimits:Rules:streams:PerSubject:PermitsPerMinute=0",
            "Tls:PlainHttp=LoopbackOnly",
            $"Gateway:MaxStreamsPerIp={maxViewers}",
            $"Gateway:MaxStreamsPerSubject={maxViewers}",
            "RateLimits:Rules:streams:PerIp:PermitsPerMinute=0",
            // The bench reads the gateway's own delivery counters (frames written and dropped) around the window.
            "Telemetry:MetricsAllowedNetworks:0=127.0.0.1/32",
            // The gateway makes its self-signed certificate here on first start; later starts of the run reuse it.
            .. (tls is null ? Array.Empty<string>() : [$"Tls:DataPath={tls.DataPath}"]),
            .. options.GatewayConfig,
            .. variant.Config,
        ];
        foreach (var setting in settings)
        {
            start.ArgumentList.Add("--" + setting);
        }

        // Production keeps the built-in demo cameras off; Warning keeps per-viewer log lines out of the measurement.
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment["DOTNET_ENVIRONMENT"] = "Production";
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        start.Environment["Logging__LogLevel__Microsoft.Hosting.Lifetime"] = "Warning";
        if (jwt is not null)
        {
            // Through the environment, as an operator passes secrets, so the key is not on the command line.
            start.Environment["Auth__SigningKey"] = jwt.SigningKey;
        }

        foreach (var variable in options.GatewayEnvironment.Concat(variant.Environment))
        {
            var equals = variable.IndexOf('=', StringComparison.Ordinal);
            start.Environment[variable[..equals]] = variable[(equals + 1)..];
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start.");
        lock (Live)
        {
            Live.Add(process);
        }

        return process;
    }

    private static bool IsNative(string gatewayDll) => !gatewayDll.EndsWith(".dll", StringComparison.OrdinalIgnoreCase);

    private static string Scheme(BenchTls? tls) => tls is null ? "http" : "https";

    /// <summary>A port nobody listens on now (the OS's pick), released for a process to bind.</summary>
    internal static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    private static void KillAllLive()
    {
        lock (Live)
        {
            foreach (var process in Live)
            {
                try
                {
                    process.Kill(entireProcessTree: true);
                }
                catch (InvalidOperationException)
                {
                    // already gone
                }
            }
        }
    }

    private void AttachLog()
    {
        _process.OutputDataReceived += (_, e) => OnLogLine(e.Data);
        _process.ErrorDataReceived += (_, e) => OnLogLine(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    private void OnLogLine(string? line)
    {
        if (string.IsNullOrWhiteSpace(line))
        {
            return;
        }

        // The console logger starts an entry with "warn:", "fail:" or "crit:"; its message follows indented.
        if (line.StartsWith("warn:", StringComparison.Ordinal))
        {
            Interlocked.Increment(ref _warnings);
        }
        else if (line.StartsWith("fail:", StringComparison.Ordinal) || line.StartsWith("crit:", StringComparison.Ordinal))
        {
            Interlocked.Increment(ref _errors);
        }

        lock (_log)
        {
            if (_log.Count < MaxKeptLogLines)
            {
                _log.Add(line);
            }
        }
    }

    private async Task WaitHealthyAsync(BenchTls? tls, CancellationToken cancellationToken)
    {
        using var client = CreateClient(tls, TimeSpan.FromSeconds(2));
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (_process.HasExited)
            {
                throw new InvalidOperationException(
                    $"The gateway exited with code {_process.ExitCode} before it was healthy:{Environment.NewLine}{string.Join(Environment.NewLine, LogLines.TakeLast(30))}");
            }

            try
            {
                // Ready, not only alive: the camera streams, so the first viewer measures the gateway, not the camera.
                using var response = await client.GetAsync("/readyz", cancellationToken);
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
            {
                // not listening yet
            }

            if (deadline.Elapsed > HealthTimeout)
            {
                throw new TimeoutException($"/readyz did not answer 200 within {HealthTimeout.TotalSeconds:0} s.");
            }

            await Task.Delay(HealthPollInterval, cancellationToken);
        }
    }
}
