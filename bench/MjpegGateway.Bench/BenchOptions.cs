using System.Globalization;
using MjpegGateway.CameraSimulator;

namespace MjpegGateway.Bench;

/// <summary>What one invocation of the load tool measures; parsed from the command line.</summary>
internal sealed record BenchOptions
{
    /// <summary>Viewer counts, each measured against a fresh simulator and gateway. Default 1,100,500,1000.</summary>
    public IReadOnlyList<int> ViewerCounts { get; init; } = [1, 100, 500, 1000];

    /// <summary>Length of the measured window. Default 20 s.</summary>
    public TimeSpan Measure { get; init; } = TimeSpan.FromSeconds(20);

    /// <summary>Time between the last viewer connecting and the window opening (JIT, pools, TCP windows settle). Default 5 s.</summary>
    public TimeSpan Warmup { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Camera resolution asked for by the profile. Default 1280x720.</summary>
    public string Resolution { get; init; } = "1280x720";

    /// <summary>Camera frame rate asked for by the profile. Default 15.</summary>
    public int Fps { get; init; } = 15;

    /// <summary>The gateway to launch; null means the Release build output of src/MjpegGateway.</summary>
    public string? GatewayDll { get; init; }

    /// <summary>Extra gateway configuration as <c>Key=Value</c> (e.g. to lift a rate limit), passed as <c>--Key=Value</c>.</summary>
    public IReadOnlyList<string> GatewayConfig { get; init; } = [];

    /// <summary>
    /// Viewers connect over HTTPS (HTTP/1.1 over TLS, ALPN <c>http/1.1</c>) to the gateway's self-signed certificate.
    /// Default false: plain HTTP, as in the published figures.
    /// </summary>
    public bool Tls { get; init; }

    /// <summary>
    /// Approximate JPEG size asked of the simulator (<c>Simulator:TargetFrameKb</c>: seeded grain over its test card).
    /// Default 0: the clean card, ≈ 38 KB at 720p, as in the figures before issue 10; <c>--frame-kb 90</c> is a real
    /// 720p camera's scene.
    /// </summary>
    public int FrameKb { get; init; }

    /// <summary>
    /// Frames the simulator encodes per stream and then repeats (<c>Simulator:FrameLoopLength</c>). A real camera
    /// encodes in hardware; the simulator encodes in software on the viewers' cores, a third of a core for a 720p
    /// 90 KB stream at 15 fps, which starved the viewers it measured and slowed the camera itself. Default 30 (2 s at
    /// 15 fps); 0 encodes every frame, as in the figures before issue 10's tenth pass.
    /// </summary>
    public int CameraFrameLoop { get; init; } = DefaultCameraFrameLoop;

    /// <summary>Default of <see cref="CameraFrameLoop"/>.</summary>
    public const int DefaultCameraFrameLoop = 30;

    // A real camera serves a handful of streams; more than one from the gateway would be a fan-out bug.
    private const int SimulatorMaxStreams = 4;

    /// <summary>The simulated camera every run streams from.</summary>
    public SimulatedCameraOptions SimulatedCamera() =>
        new() { MaxStreams = SimulatorMaxStreams, TargetFrameKb = FrameKb, FrameLoopLength = CameraFrameLoop };

    /// <summary>
    /// CPUs the gateway runs on (a <c>taskset -c</c> list, e.g. <c>0</c>); the bench (simulator and viewers) then pins
    /// itself to the other CPUs. Default null: nothing pinned, everything shares every core.
    /// </summary>
    public string? GatewayCpus { get; init; }

    /// <summary>
    /// Viewers present a JWT (HS256, signed with a key made for the run and handed to the gateway) and the camera is
    /// not public, so every stream pays token validation. Default false: a public camera, no token.
    /// </summary>
    public bool Jwt { get; init; }

    /// <summary>
    /// HTTP/2 viewers: this many streams share one TLS connection (a browser's grid); the viewer count is the number
    /// of streams. Needs <see cref="Tls"/>. Default 0: one HTTP/1.1 connection per viewer.
    /// </summary>
    public int Http2StreamsPerConnection { get; init; }

    /// <summary>Chrome's HTTP/2 stream flow-control window (SETTINGS_INITIAL_WINDOW_SIZE): 6 MiB.</summary>
    public const int BrowserHttp2StreamWindowKb = 6 * 1024;

    /// <summary>
    /// The HTTP/2 viewers' initial stream receive window, in KiB. Default 6144 (6 MiB), what Chrome advertises, so the
    /// gateway sends a grid's frames under the flow control a browser gives it; 64 is .NET's own default, smaller than
    /// one 90 KB frame (the worst stream's frame rate halves under it: docs/benchmarks.md, "Issue 10, fourth pass").
    /// </summary>
    public int Http2StreamWindowKb { get; init; } = BrowserHttp2StreamWindowKb;

    /// <summary>
    /// After the window, this many viewers join one after another while the others keep watching; each stops at its
    /// first frame, and the time from connect to that frame (TTFF) is reported. <see cref="JoinProbe.PrimerJoins"/>
    /// unmeasured joins go first, so the figure is a warmed gateway's and client's. Default 0: no joins.
    /// </summary>
    public int Joins { get; init; }

    /// <summary>
    /// The first this many viewers after the gateway is ready (before any primer) measure TTFF the same way: the cold
    /// start. Default 0: none.
    /// </summary>
    public int ColdJoins { get; init; }

    /// <summary>
    /// Of the N viewers, only this many (spread evenly over the ramp) parse the stream and measure frame rate, latency
    /// and drops; the others drain: they connect, handshake and request like the rest, then read what the gateway sends
    /// from the socket and count its bytes without parsing, and with <see cref="Tls"/> without decrypting it. The
    /// gateway does the same work for both. It keeps the bench's one core from being what saturates first, as real
    /// viewers on their own machines would not (docs/benchmarks.md, issue 10, twelfth pass). Default null: all measure.
    /// </summary>
    public int? MeasuredViewers { get; init; }

    /// <summary>Times each (variant, viewer count) is measured, interleaved; medians are reported. Default 1.</summary>
    public int Repeat { get; init; } = 1;

    /// <summary>
    /// Gateways compared side by side, run in turn within each repetition; empty means one, the default gateway.
    /// </summary>
    public IReadOnlyList<BenchVariant> Variants { get; init; } = [];

    /// <summary>Extra environment for every gateway, <c>NAME=VALUE</c> (e.g. <c>DOTNET_PerfMapEnabled=1</c> to profile).</summary>
    public IReadOnlyList<string> GatewayEnvironment { get; init; } = [];

    /// <summary>Folder for the raw records (one JSON per run plus <c>runs.csv</c>); null: <c>bench/results</c> of the repository.</summary>
    public string? ResultsDirectory { get; init; }

    /// <summary>Hard cap on the whole run; null means derived from the other settings.</summary>
    public TimeSpan? Timeout { get; init; }

    /// <summary>Time between two joins (<see cref="Joins"/>, <see cref="ColdJoins"/>): 200 joins take 5 s.</summary>
    public static readonly TimeSpan JoinSpacing = TimeSpan.FromMilliseconds(25);

    /// <summary>Most viewers the tool accepts, so a typo cannot exhaust file descriptors or ports.</summary>
    public const int MaxViewers = 20_000;

    public const string Usage = """
        MjpegGateway load benchmark: simulator in this process, gateway as a child process, N viewers on loopback.

          --viewers 1,100,500,1000   viewer counts, one fresh gateway each
          --seconds 20               measured window per count
          --warmup 5                 seconds between the last viewer connecting and the window
          --resolution 1280x720      profile resolution asked of the camera
          --fps 15                   profile frame rate asked of the camera
          --gateway-dll PATH         default: src/MjpegGateway/bin/Release/net10.0/MjpegGateway.dll
          --gateway-config Key=Value extra gateway setting (repeatable), e.g. Gateway:ViewerQueueCapacity=3
          --tls                      viewers use HTTPS (HTTP/1.1 over TLS) to the gateway's self-signed certificate
          --timeout-minutes M        hard cap on the whole run (default: derived from the above)
          --frame-kb 90              JPEG size asked of the simulator (seeded grain); default 0: clean card, ~38 KB at 720p
          --camera-frame-loop 30     frames the simulator encodes, then repeats re-stamped (0: encode every frame)
          --gateway-cpus 0           run the gateway under taskset -c on these CPUs, the bench on the others
          --jwt                      non-public camera, every viewer sends a JWT (HS256, key made for the run)
          --h2-streams-per-conn 16   HTTP/2 viewers (needs --tls): this many streams per TLS connection
          --h2-stream-window-kb 6144 the HTTP/2 viewers' stream window (default: Chrome's 6 MiB; 64 is .NET's)
          --joins 200                after the window (and 40 unmeasured joins), viewers join one by one while
                                     the rest watch: TTFF p50/p99
          --cold-joins 50            the first viewers after the gateway is ready measure TTFF: cold start
          --measured-viewers 100     only this many viewers parse and measure; the rest drain the socket unparsed
                                     (and undecrypted): the gateway's work is the same, the bench's is not
          --repeat 3                 measure each variant and count this often, interleaved; medians reported
          --variant NAME=SPEC        a gateway to compare (repeatable); SPEC is comma-separated dll:PATH,
                                     env:NAME=VALUE or Key=Value (gateway setting)
          --gateway-env NAME=VALUE   environment for every gateway (repeatable)
          --results DIR              raw records (JSON per run, runs.csv); default bench/results
        """;

    /// <summary>The options that take no value.</summary>
    public static readonly IReadOnlyCollection<string> Flags = ["--tls", "--jwt"];

    /// <summary>Parses <paramref name="args"/>; returns null with <paramref name="error"/> set when they are not valid.</summary>
    public static BenchOptions? Parse(string[] args, out string? error)
    {
        var options = new BenchOptions();
        var extraConfig = new List<string>();
        error = CommandLine.Walk(args, Flags, (name, value) =>
        {
            if (value is null)
            {
                options = name == "--tls" ? options with { Tls = true } : options with { Jwt = true };
                return null;
            }

            switch (name)
            {
                case "--viewers":
                    var counts = new List<int>();
                    foreach (var part in value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
                    {
                        if (!int.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out var n) || n < 1 || n > MaxViewers)
                        {
                            return $"--viewers: '{part}' is not a count between 1 and {MaxViewers}.";
                        }

                        counts.Add(n);
                    }

                    if (counts.Count == 0)
                    {
                        return "--viewers: give at least one count.";
                    }

                    options = options with { ViewerCounts = counts };
                    return null;
                case "--seconds":
                    if (!TryParseSeconds(value, 1, 3600, out var measure))
                    {
                        return "--seconds: expected 1..3600.";
                    }

                    options = options with { Measure = measure };
                    return null;
                case "--warmup":
                    if (!TryParseSeconds(value, 0, 600, out var warmup))
                    {
                        return "--warmup: expected 0..600.";
                    }

                    options = options with { Warmup = warmup };
                    return null;
                case "--resolution":
                    if (!IsResolution(value))
                    {
                        return "--resolution: expected WIDTHxHEIGHT, e.g. 1280x720.";
                    }

                    options = options with { Resolution = value };
                    return null;
                case "--fps":
                    if (!int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var fps) || fps < 1 || fps > 60)
                    {
                        return "--fps: expected 1..60.";
                    }

                    options = options with { Fps = fps };
                    return null;
                case "--gateway-dll":
                    options = options with { GatewayDll = Path.GetFullPath(value) };
                    return null;
                case "--gateway-config":
                    if (!value.Contains('=', StringComparison.Ordinal))
                    {
                        return "--gateway-config: expected Key=Value.";
                    }

                    extraConfig.Add(value);
                    return null;
                case "--timeout-minutes":
                    if (!double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var minutes) || minutes <= 0 || minutes > 24 * 60)
                    {
                        return "--timeout-minutes: expected a positive number of minutes.";
                    }

                    options = options with { Timeout = TimeSpan.FromMinutes(minutes) };
                    return null;
                case "--frame-kb":
                    if (!TryParseCount(value, 0, 4096, out var frameKb))
                    {
                        return "--frame-kb: expected 0..4096.";
                    }

                    options = options with { FrameKb = frameKb };
                    return null;
                case "--camera-frame-loop":
                    if (!TryParseCount(value, 0, SimulatedCameraOptions.MaxFrameLoopLength, out var frameLoop))
                    {
                        return $"--camera-frame-loop: expected 0..{SimulatedCameraOptions.MaxFrameLoopLength}.";
                    }

                    options = options with { CameraFrameLoop = frameLoop };
                    return null;
                case "--gateway-cpus":
                    if (value.Length == 0 || !value.All(c => char.IsAsciiDigit(c) || c is ',' or '-'))
                    {
                        return "--gateway-cpus: expected a CPU list such as 0 or 0,2 or 0-1.";
                    }

                    options = options with { GatewayCpus = value };
                    return null;
                case "--h2-streams-per-conn":
                    if (!TryParseCount(value, 1, 256, out var streams))
                    {
                        return "--h2-streams-per-conn: expected 1..256.";
                    }

                    options = options with { Http2StreamsPerConnection = streams };
                    return null;
                case "--h2-stream-window-kb":
                    if (!TryParseCount(value, 64, 16 * 1024, out var windowKb))
                    {
                        return "--h2-stream-window-kb: expected 64..16384.";
                    }

                    options = options with { Http2StreamWindowKb = windowKb };
                    return null;
                case "--joins":
                    if (!TryParseCount(value, 0, MaxViewers, out var joins))
                    {
                        return $"--joins: expected 0..{MaxViewers}.";
                    }

                    options = options with { Joins = joins };
                    return null;
                case "--cold-joins":
                    if (!TryParseCount(value, 0, MaxViewers, out var coldJoins))
                    {
                        return $"--cold-joins: expected 0..{MaxViewers}.";
                    }

                    options = options with { ColdJoins = coldJoins };
                    return null;
                case "--measured-viewers":
                    if (!TryParseCount(value, 1, MaxViewers, out var measured))
                    {
                        return $"--measured-viewers: expected 1..{MaxViewers}.";
                    }

                    options = options with { MeasuredViewers = measured };
                    return null;
                case "--repeat":
                    if (!TryParseCount(value, 1, 50, out var repeat))
                    {
                        return "--repeat: expected 1..50.";
                    }

                    options = options with { Repeat = repeat };
                    return null;
                case "--variant":
                    if (!BenchVariant.TryParse(value, out var variant, out var variantError))
                    {
                        return "--variant: " + variantError;
                    }

                    options = options with { Variants = [.. options.Variants, variant] };
                    return null;
                case "--gateway-env":
                    if (value.IndexOf('=', StringComparison.Ordinal) <= 0)
                    {
                        return "--gateway-env: expected NAME=VALUE.";
                    }

                    options = options with { GatewayEnvironment = [.. options.GatewayEnvironment, value] };
                    return null;
                case "--results":
                    options = options with { ResultsDirectory = Path.GetFullPath(value) };
                    return null;
                default:
                    return $"Unknown option {name}.";
            }
        });
        if (error is not null)
        {
            return null;
        }

        if (options.Http2StreamsPerConnection > 0 && !options.Tls)
        {
            error = "--h2-streams-per-conn needs --tls (browsers speak HTTP/2 over TLS only).";
            return null;
        }

        if (options.MeasuredViewers is not null && options.Http2StreamsPerConnection > 0)
        {
            error = "--measured-viewers is for HTTP/1.1 viewers: HTTP/2 streams share a connection and cannot drain it alone.";
            return null;
        }

        return options with { GatewayConfig = extraConfig };
    }

    private static bool TryParseCount(string value, int min, int max, out int result) =>
        int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out result) && result >= min && result <= max;

    /// <summary>
    /// The whole run's hard cap: per viewer count a generous allowance for start-up, connecting and tear-down
    /// on top of warm-up and window, so a hung gateway cannot keep the tool alive.
    /// </summary>
    public TimeSpan EffectiveTimeout()
    {
        if (Timeout is { } explicitTimeout)
        {
            return explicitTimeout;
        }

        var perCount = TimeSpan.FromSeconds(90) + Warmup + Measure + (JoinSpacing * (Joins + ColdJoins));
        var connectAllowance = TimeSpan.FromMilliseconds(ViewerCounts.Sum(n => (double)n) * 20);
        return (perCount * ViewerCounts.Count + connectAllowance) * Repeat * Math.Max(1, Variants.Count);
    }

    private static bool TryParseSeconds(string value, double min, double max, out TimeSpan result)
    {
        result = default;
        if (!double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) || seconds < min || seconds > max)
        {
            return false;
        }

        result = TimeSpan.FromSeconds(seconds);
        return true;
    }

    private static bool IsResolution(string value)
    {
        var parts = value.Split('x');
        return parts.Length == 2
            && int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var w) && w is > 0 and <= 7680
            && int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var h) && h is > 0 and <= 4320;
    }
}
