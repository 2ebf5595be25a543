namespace MjpegGateway.Bench;

/// <summary>
/// One gateway set-up compared side by side with others (<c>--variant NAME=SPEC</c>): its own build, environment
/// and settings on top of the run's. SPEC is comma-separated items: <c>dll:PATH</c>, <c>exe:PATH</c> (a native
/// server run directly with the gateway's command line, such as <c>bench/reference-fanout</c>), <c>env:NAME=VALUE</c>,
/// or <c>Key=Value</c> (a gateway setting, passed as <c>--Key=Value</c>).
/// </summary>
internal sealed record BenchVariant(string Name, string? GatewayDll, IReadOnlyList<string> Environment, IReadOnlyList<string> Config)
{
    /// <summary>The run's own gateway, when no variant is given.</summary>
    public static readonly BenchVariant Default = new("default", null, [], []);

    public static bool TryParse(string text, out BenchVariant variant, out string? error)
    {
        variant = Default;
        error = null;
        var equals = text.IndexOf('=', StringComparison.Ordinal);
        if (equals <= 0)
        {
            error = "expected NAME=SPEC.";
            return false;
        }

        var name = text[..equals];
        if (!name.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.'))
        {
            error = $"name '{name}' may have letters, digits, '-', '_' and '.' only.";
            return false;
        }

        string? dll = null;
        var environment = new List<string>();
        var config = new List<string>();
        foreach (var item in text[(equals + 1)..].Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (item.StartsWith("dll:", StringComparison.Ordinal) || item.StartsWith("exe:", StringComparison.Ordinal))
            {
                dll = Path.GetFullPath(item[4..]);
            }
            else if (item.StartsWith("env:", StringComparison.Ordinal) && item.IndexOf('=', StringComparison.Ordinal) > "env:".Length)
            {
                environment.Add(item["env:".Length..]);
            }
            else if (item.IndexOf('=', StringComparison.Ordinal) > 0)
            {
                config.Add(item);
            }
            else
            {
                error = $"'{item}' is neither dll:PATH, exe:PATH, env:NAME=VALUE nor Key=Value.";
                return false;
            }
        }

        variant = new BenchVariant(name, dll, environment, config);
        return true;
    }
}
