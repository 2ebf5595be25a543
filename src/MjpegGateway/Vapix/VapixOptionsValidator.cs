using Microsoft.Extensions.Options;

namespace MjpegGateway.Vapix;

/// <summary>Checks the <c>Vapix</c> section, collecting every error with its key.</summary>
internal sealed class VapixOptionsValidator : IValidateOptions<VapixOptions>
{
    private const double MaxTimeoutSeconds = 300;
    private const int MinFormBytes = 64;
    private const int MaxFormBytes = 65_536;

    public ValidateOptionsResult Validate(string? name, VapixOptions options)
    {
        var errors = new List<string>();
        var s = VapixOptions.Section;
        if (double.IsNaN(options.TimeoutSeconds) || options.TimeoutSeconds <= 0 || options.TimeoutSeconds > MaxTimeoutSeconds)
        {
            errors.Add($"{s}:TimeoutSeconds must be greater than 0 and at most {MaxTimeoutSeconds}.");
        }

        if (options.MaxFormBytes is < MinFormBytes or > MaxFormBytes)
        {
            errors.Add($"{s}:MaxFormBytes must be between {MinFormBytes} and {MaxFormBytes}.");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
