using Microsoft.Extensions.Options;

namespace MjpegGateway.Security;

/// <summary>Refuses to start with a <c>Security</c> network list the gateway cannot read, naming the key of each bad entry.</summary>
internal sealed class SecurityOptionsValidator : IValidateOptions<SecurityOptions>
{
    // Two years: the HSTS preload list asks for one; more only makes a mistake last longer.
    private const int MaxHstsMaxAgeDays = 730;

    public ValidateOptionsResult Validate(string? name, SecurityOptions options)
    {
        var errors = new List<string>();
        NetworkList.Parse(options.AllowedNetworks, SecurityOptions.Section + ":AllowedNetworks", errors);
        NetworkList.Parse(options.TrustedProxies, SecurityOptions.Section + ":TrustedProxies", errors);
        if (options.HstsMaxAgeDays is < 0 or > MaxHstsMaxAgeDays)
        {
            errors.Add($"{SecurityOptions.Section}:HstsMaxAgeDays must be 0 (off) to {MaxHstsMaxAgeDays}.");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
