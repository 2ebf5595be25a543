using System.Globalization;

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

    /// <summary>Hard cap on the whole run; null means derived from the other settings.</summary>
    public TimeSpan? Timeout { get; init; }

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
        """;

    /// <summary>Parses <paramref name="args"/>; returns null with <paramref name="error"/> set when they are not valid.</summary>
    public static BenchOptions? Parse(string[] args, out string? error)
    {
        var options = new BenchOptions();
        var extraConfig = new List<string>();
        error = null;
        for (var i = 0; i < args.Length; i++)
        {
            var name = args[i];
            if (name is "-h" or "--help")
            {
                error = "";
                return null;
            }

            // The one flag without a value.
            if (name == "--tls")
            {
                options = options with { Tls = true };
                continue;
            }

            if (i + 1 >= args.Length)
            {
                error = $"{name} needs a value.";
                return null;
            }

            var value = args[++i];
            switch (name)
            {
                case "--viewers":
                    var counts = new List<int>();
                    foreach (var part in value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
                    {
                        if (!int.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out var n) || n < 1 || n > MaxViewers)
                        {
                            error = $"--viewers: '{part}' is not a count between 1 and {MaxViewers}.";
                            return null;
                        }

                        counts.Add(n);
                    }

                    if (counts.Count == 0)
                    {
                        error = "--viewers: give at least one count.";
                        return null;
                    }

                    options = options with { ViewerCounts = counts };
                    break;
                case "--seconds":
                    if (!TryParseSeconds(value, 1, 3600, out var measure))
                    {
                        error = "--seconds: expected 1..3600.";
                        return null;
                    }

                    options = options with { Measure = measure };
                    break;
                case "--warmup":
                    if (!TryParseSeconds(value, 0, 600, out var warmup))
                    {
                        error = "--warmup: expected 0..600.";
                        return null;
                    }

                    options = options with { Warmup = warmup };
                    break;
                case "--resolution":
                    if (!IsResolution(value))
                    {
                        error = "--resolution: expected WIDTHxHEIGHT, e.g. 1280x720.";
                        return null;
                    }

                    options = options with { Resolution = value };
                    break;
                case "--fps":
                    if (!int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var fps) || fps < 1 || fps > 60)
                    {
                        error = "--fps: expected 1..60.";
                        return null;
                    }

                    options = options with { Fps = fps };
                    break;
                case "--gateway-dll":
                    options = options with { GatewayDll = Path.GetFullPath(value) };
                    break;
                case "--gateway-config":
                    if (!value.Contains('=', StringComparison.Ordinal))
                    {
                        error = "--gateway-config: expected Key=Value.";
                        return null;
                    }

                    extraConfig.Add(value);
                    break;
                case "--timeout-minutes":
                    if (!double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var minutes) || minutes <= 0 || minutes > 24 * 60)
                    {
                        error = "--timeout-minutes: expected a positive number of minutes.";
                        return null;
                    }

                    options = options with { Timeout = TimeSpan.FromMinutes(minutes) };
                    break;
                default:
                    error = $"Unknown option {name}.";
                    return null;
            }
        }

        return options with { GatewayConfig = extraConfig };
    }

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

        var perCount = TimeSpan.FromSeconds(90) + Warmup + Measure;
        var connectAllowance = TimeSpan.FromMilliseconds(ViewerCounts.Sum(n => (double)n) * 20);
        return perCount * ViewerCounts.Count + connectAllowance;
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
