using System.Globalization;

namespace MjpegGateway.Bench;

/// <summary>
/// The <c>soak</c> mode's command line: its own flags, the rest (<c>--tls</c>, <c>--resolution</c>, <c>--fps</c>,
/// <c>--gateway-dll</c>, <c>--gateway-config</c>, <c>--frame-kb</c>) parsed by <see cref="BenchOptions"/> as for a normal run.
/// </summary>
internal sealed record SoakOptions
{
    /// <summary>How long the load runs; required, so a soak always stops by itself.</summary>
    public required TimeSpan Duration { get; init; }

    /// <summary>Viewers held for the whole run, whose fps and drops are reported. Default 100.</summary>
    public int SteadyViewers { get; init; } = 100;

    /// <summary>New short-lived streams started per second. Default 10.</summary>
    public double ChurnPerSecond { get; init; } = 10;

    /// <summary>Shortest and longest time a churned stream is held. Default 0.3–3 s.</summary>
    public TimeSpan ChurnHoldMin { get; init; } = TimeSpan.FromSeconds(0.3);

    /// <summary>See <see cref="ChurnHoldMin"/>.</summary>
    public TimeSpan ChurnHoldMax { get; init; } = TimeSpan.FromSeconds(3);

    /// <summary>Share of churned streams ended with a TCP reset instead of a clean close. Default 0.5.</summary>
    public double AbortShare { get; init; } = 0.5;

    /// <summary>A ticket is minted and redeemed this often. Default 5 s.</summary>
    public TimeSpan TicketInterval { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>How often the gateway is sampled. Default 30 s.</summary>
    public TimeSpan SampleInterval { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Where the samples go. Default <c>soak-yyyyMMdd-HHmmss.csv</c> in the working directory.</summary>
    public string CsvPath { get; init; } = $"soak-{DateTime.UtcNow:yyyyMMdd-HHmmss}.csv";

    /// <summary>Gateway, camera and transport settings shared with the normal run.</summary>
    public required BenchOptions Bench { get; init; }

    public const string Usage = """
        MjpegGateway soak: simulator in this process, gateway as a child process, steady viewers plus churn plus
        tickets on loopback, the gateway sampled every --sample-seconds into a CSV.

          soak --duration-minutes M  required: how long the load runs (the tool stops by itself)
               --steady 100          viewers held for the whole run
               --churn-rate 10       new short streams per second (held 0.3-3 s, half reset, half closed)
               --hold-seconds 0.3,3  shortest,longest hold of a churned stream
               --ticket-seconds 5    a ticket minted and redeemed this often
               --sample-seconds 30   sampling period
               --csv PATH            samples file (default soak-<utc time>.csv)
          plus --tls, --resolution, --fps, --frame-kb, --gateway-dll, --gateway-config as for a normal run.
        """;

    public static SoakOptions? Parse(string[] args, out string? error)
    {
        TimeSpan? duration = null;
        var soak = new SoakOptions { Duration = TimeSpan.Zero, Bench = new BenchOptions() };
        var rest = new List<string>();
        error = CommandLine.Walk(args, BenchOptions.Flags, (name, value) =>
        {
            switch (name)
            {
                case "--duration-minutes" when Number(value) is { } m && m > 0 && m <= 24 * 60:
                    duration = TimeSpan.FromMinutes(m);
                    return null;
                case "--steady" when Number(value) is { } n && n >= 1 && n <= BenchOptions.MaxViewers && n == Math.Floor(n):
                    soak = soak with { SteadyViewers = (int)n };
                    return null;
                case "--churn-rate" when Number(value) is { } r && r >= 0 && r <= 200:
                    soak = soak with { ChurnPerSecond = r };
                    return null;
                case "--hold-seconds" when value?.Split(',') is [var lo, var hi] && Number(lo) is { } min && Number(hi) is { } max && min > 0 && max >= min && max <= 600:
                    soak = soak with { ChurnHoldMin = TimeSpan.FromSeconds(min), ChurnHoldMax = TimeSpan.FromSeconds(max) };
                    return null;
                case "--ticket-seconds" when Number(value) is { } t && t >= 1 && t <= 3600:
                    soak = soak with { TicketInterval = TimeSpan.FromSeconds(t) };
                    return null;
                case "--sample-seconds" when Number(value) is { } s && s >= 1 && s <= 3600:
                    soak = soak with { SampleInterval = TimeSpan.FromSeconds(s) };
                    return null;
                case "--csv" when value is not null:
                    soak = soak with { CsvPath = value };
                    return null;
                case "--duration-minutes" or "--steady" or "--churn-rate" or "--hold-seconds" or "--ticket-seconds" or "--sample-seconds" or "--csv":
                    return $"{name}: '{value}' is out of range; see --help.";
                default:
                    // The normal run's options: BenchOptions parses them below.
                    rest.Add(name);
                    if (value is not null)
                    {
                        rest.Add(value);
                    }

                    return null;
            }
        });
        if (error is not null)
        {
            return null;
        }

        if (duration is null)
        {
            error = "--duration-minutes is required: a soak must end by itself.";
            return null;
        }

        var bench = BenchOptions.Parse([.. rest], out error);
        return bench is null ? null : soak with { Duration = duration.Value, Bench = bench };
    }

    private static double? Number(string? value) =>
        double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var n) ? n : null;
}
