using Microsoft.Extensions.Options;

namespace MjpegGateway.Security;

/// <summary>Refuses to start with a <c>Security</c> network list the gateway cannot read, naming the key of each bad entry.</summary>
internal sealed class SecurityOptionsValidator : IValidateOptions<SecurityOptions>
{
    public ValidateOptionsResult Validate(string? name, SecurityOptions options)
    {
        var errors = new List<string>();
        NetworkList.Parse(options.AllowedNetworks, SecurityOptions.Section + ":AllowedNetworks", errors);
        NetworkList.Parse(options.TrustedProxies, SecurityOptions.Section + ":TrustedProxies", errors);
        if (options.HstsMaxAgeDays < 0)
        {
            errors.Add(SecurityOptions.Section + ":HstsMaxAgeDays must not be negative.");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
