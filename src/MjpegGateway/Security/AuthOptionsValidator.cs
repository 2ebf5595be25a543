using Microsoft.Extensions.Options;

namespace MjpegGateway.Security;

/// <summary>Checks the <c>Auth</c> section at start-up, naming each bad key and never echoing the key itself.</summary>
internal sealed class AuthOptionsValidator : IValidateOptions<AuthOptions>
{
    private const double MaxClockSkewSeconds = 300;
    private const int MaxClaimNameLength = 64;

    public ValidateOptionsResult Validate(string? name, AuthOptions options)
    {
        var errors = new List<string>();
        var s = AuthOptions.Section;
        try
        {
            if (SecurityServiceCollectionExtensions.SigningKeyBytes(options) is { Length: < AuthOptions.MinSigningKeyBytes })
            {
                errors.Add($"{s}:SigningKey must be at least {AuthOptions.MinSigningKeyBytes} bytes.");
            }
        }
        catch (FormatException)
        {
            errors.Add($"{s}:SigningKey starts with 'base64:' but is not valid base64.");
        }

        if (!string.IsNullOrEmpty(options.Authority) && !Uri.TryCreate(options.Authority, UriKind.Absolute, out _))
        {
            errors.Add($"{s}:Authority must be an absolute URL.");
        }

        if (string.IsNullOrWhiteSpace(options.Audience))
        {
            errors.Add($"{s}:Audience is required.");
        }

        if (double.IsNaN(options.ClockSkewSeconds) || options.ClockSkewSeconds < 0 || options.ClockSkewSeconds > MaxClockSkewSeconds)
        {
            errors.Add($"{s}:ClockSkewSeconds must be between 0 and {MaxClockSkewSeconds}.");
        }

        // The name appears in the WWW-Authenticate challenge of a token without it: a quoted string, so no quotes.
        if (string.IsNullOrWhiteSpace(options.SubjectClaim) || options.SubjectClaim.Length > MaxClaimNameLength
            || options.SubjectClaim.Any(c => c is < '!' or > '~' or '"' or '\\' or '\''))
        {
            errors.Add($"{s}:SubjectClaim must be 1 to {MaxClaimNameLength} visible ASCII characters without quotes or backslashes.");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
