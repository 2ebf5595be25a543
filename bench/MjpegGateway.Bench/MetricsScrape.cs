using System.Globalization;

namespace MjpegGateway.Bench;

/// <summary>
/// One read of the gateway's Prometheus endpoint (its OpenTelemetry runtime metrics: GC heap per generation,
/// committed memory, collections), so the soak sees the managed heap from outside without attaching to the process.
/// </summary>
internal sealed class MetricsScrape
{
    private readonly Dictionary<string, double> _series;

    private MetricsScrape(Dictionary<string, double> series) => _series = series;

    /// <summary>Every series of the scrape, <c>name{labels}</c> to value; empty when the scrape failed.</summary>
    public IReadOnlyDictionary<string, double> Series => _series;

    public static async Task<MetricsScrape> ReadAsync(HttpClient client, CancellationToken cancellationToken)
    {
        var series = new Dictionary<string, double>(StringComparer.Ordinal);
        try
        {
            var text = await client.GetStringAsync("/metrics", cancellationToken);
            foreach (var line in text.Split('\n'))
            {
                if (line.Length == 0 || line[0] == '#')
                {
                    continue;
                }

                // "name{labels} value [timestamp]"; label values may contain spaces, so split after the closing brace.
                var end = line.LastIndexOf('}');
                var valueStart = end >= 0 ? end + 1 : line.IndexOf(' ', StringComparison.Ordinal);
                if (valueStart <= 0)
                {
                    continue;
                }

                var fields = line[valueStart..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
                if (fields.Length > 0 && double.TryParse(fields[0], NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
                {
                    series[line[..valueStart].Trim()] = value;
                }
            }
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            Console.Error.WriteLine($"  metrics scrape failed: {ex.Message}");
        }

        return new MetricsScrape(series);
    }

    /// <summary>
    /// Sum of the series whose name starts with <paramref name="namePrefix"/> and whose labels contain
    /// <paramref name="label"/> (any, when null); NaN when there is none.
    /// </summary>
    public double Sum(string namePrefix, string? label = null)
    {
        var sum = 0.0;
        var found = false;
        foreach (var (key, value) in _series)
        {
            if (key.StartsWith(namePrefix, StringComparison.Ordinal) && (label is null || key.Contains(label, StringComparison.Ordinal)))
            {
                sum += value;
                found = true;
            }
        }

        return found ? sum : double.NaN;
    }
}
