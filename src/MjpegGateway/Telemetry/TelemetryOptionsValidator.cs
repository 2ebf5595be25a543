using Microsoft.Extensions.Options;
using MjpegGateway.Security;

namespace MjpegGateway.Telemetry;

/// <summary>Checks the <c>Telemetry</c> section at start-up and names every bad key.</summary>
internal sealed class TelemetryOptionsValidator : IValidateOptions<TelemetryOptions>
{
    private const int MaxPort = 65535;
    // One sample a minute per viewer at 15 fps; sparser would leave the histogram empty for short streams.
    private const int MaxDeliverySampleEvery = 1000;
    // OpenTelemetry's own default; more only costs memory reserved up front for series the framework never makes.
    internal const int MaxSeriesLimit = 2000;

    public ValidateOptionsResult Validate(string? name, TelemetryOptions options)
    {
        var errors = new List<string>();
        var s = TelemetryOptions.Section;
        NetworkList.Parse(options.MetricsAllowedNetworks, $"{s}:MetricsAllowedNetworks", errors);
        if (string.IsNullOrWhiteSpace(options.MetricsPath) || !options.MetricsPath.StartsWith('/'))
        {
            errors.Add($"{s}:MetricsPath must start with '/'.");
        }

        if (options.ManagementPort is < 1 or > MaxPort)
        {
            errors.Add($"{s}:ManagementPort must be 1 to {MaxPort}.");
        }

        if (!(options.RateSampleSeconds > 0 && options.RateSampleSeconds <= 60))
        {
            errors.Add($"{s}:RateSampleSeconds must be more than 0 and at most 60.");
        }

        if (!(options.RateWindowSeconds >= options.RateSampleSeconds && options.RateWindowSeconds <= 600))
        {
            errors.Add($"{s}:RateWindowSeconds must be at least RateSampleSeconds and at most 600.");
        }

        if (!(options.LogThrottleWindowSeconds >= 1 && options.LogThrottleWindowSeconds <= 3600))
        {
            errors.Add($"{s}:LogThrottleWindowSeconds must be 1 to 3600.");
        }

        if (options.LogLinesPerSource < 1 || options.LogLinesPerWindow < options.LogLinesPerSource || options.LogThrottleMaxSources < 1)
        {
            errors.Add($"{s}:LogLinesPerSource, LogLinesPerWindow and LogThrottleMaxSources must be at least 1, LogLinesPerWindow at least LogLinesPerSource.");
        }

        if (options.DeliverySampleEvery is < 1 or > MaxDeliverySampleEvery)
        {
            errors.Add($"{s}:DeliverySampleEvery must be 1 to {MaxDeliverySampleEvery}.");
        }

        if (options.FrameworkMetricSeriesLimit is < 1 or > MaxSeriesLimit)
        {
            errors.Add($"{s}:FrameworkMetricSeriesLimit must be 1 to {MaxSeriesLimit}.");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
