using System.Globalization;
using System.Text.RegularExpressions;

namespace MjpegGateway.Tests.Telemetry;

/// <summary>A scrape in the Prometheus text format, queried by metric name and labels.</summary>
public sealed partial class PrometheusText(string text)
{
    public string Text { get; } = text;

    /// <summary>Sum of the samples of <paramref name="name"/> whose labels include all of <paramref name="labels"/>; null when none.</summary>
    public double? Sum(string name, params (string Key, string Value)[] labels)
    {
        double? sum = null;
        foreach (Match match in SampleLine().Matches(Text))
        {
            if (match.Groups["name"].Value != name)
            {
                continue;
            }

            var found = LabelPair().Matches(match.Groups["labels"].Value).ToDictionary(m => m.Groups["k"].Value, m => m.Groups["v"].Value);
            if (labels.All(l => found.TryGetValue(l.Key, out var v) && v == l.Value))
            {
                sum = (sum ?? 0) + double.Parse(match.Groups["value"].Value, CultureInfo.InvariantCulture);
            }
        }

        return sum;
    }

    public bool Contains(string fragment) => Text.Contains(fragment, StringComparison.Ordinal);

    public override string ToString() => Text;

    [GeneratedRegex(@"^(?<name>[a-zA-Z_:][a-zA-Z0-9_:]*)(\{(?<labels>[^}]*)\})? (?<value>\S+)", RegexOptions.Multiline)]
    private static partial Regex SampleLine();

    [GeneratedRegex("(?<k>[a-zA-Z_][a-zA-Z0-9_]*)=\"(?<v>(?:[^\"\\\\]|\\\\.)*)\"")]
    private static partial Regex LabelPair();
}
