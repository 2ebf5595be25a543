using Microsoft.Extensions.Options;

namespace MjpegGateway.Security;

/// <summary>Checks the per-caller caps of the <c>Gateway</c> section, naming every bad key.</summary>
internal sealed class StreamCapOptionsValidator : IValidateOptions<StreamCapOptions>
{
    private const int MaxStreams = 100_000;
    private const double MaxDurationSeconds = 366 * 86_400;

    public ValidateOptionsResult Validate(string? name, StreamCapOptions options)
    {
        var errors = new List<string>();
        var s = Configuration.GatewayOptions.Section;
        if (options.MaxStreamsPerSubject is < 1 or > MaxStreams)
        {
            errors.Add($"{s}:MaxStreamsPerSubject must be 1 to {MaxStreams}.");
        }

        if (options.MaxStreamsPerIp is < 1 or > MaxStreams)
        {
            errors.Add($"{s}:MaxStreamsPerIp must be 1 to {MaxStreams}.");
        }

        if (!(options.MaxStreamDurationSeconds is >= 0 and <= MaxDurationSeconds))
        {
            errors.Add($"{s}:MaxStreamDurationSeconds must be 0 (no limit) to {MaxDurationSeconds}.");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
