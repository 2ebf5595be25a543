using Microsoft.Extensions.Options;

namespace MjpegGateway.Tls;

/// <summary>Checks the <c>Tls</c> section, naming every bad key and missing file (never the password).</summary>
internal sealed class TlsOptionsValidator : IValidateOptions<TlsOptions>
{
    private const double MaxReloadCheckSeconds = 86_400;

    public ValidateOptionsResult Validate(string? name, TlsOptions options)
    {
        var errors = new List<string>();
        var s = TlsOptions.Section;
        if (!string.IsNullOrEmpty(options.CertificatePath) && !File.Exists(options.CertificatePath))
        {
            errors.Add($"{s}:CertificatePath: file '{options.CertificatePath}' does not exist.");
        }

        if (!string.IsNullOrEmpty(options.KeyPath))
        {
            if (string.IsNullOrEmpty(options.CertificatePath))
            {
                errors.Add($"{s}:KeyPath is set without {s}:CertificatePath.");
            }
            else if (!File.Exists(options.KeyPath))
            {
                errors.Add($"{s}:KeyPath: file '{options.KeyPath}' does not exist.");
            }
        }

        if (!Enum.IsDefined(options.PlainHttp))
        {
            errors.Add($"{s}:PlainHttp must be Redirect, Off or LoopbackOnly.");
        }

        if (!(options.ReloadCheckSeconds is > 0 and <= MaxReloadCheckSeconds))
        {
            errors.Add($"{s}:ReloadCheckSeconds must be more than 0 and at most {MaxReloadCheckSeconds}.");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
