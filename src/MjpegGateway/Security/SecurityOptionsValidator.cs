using Microsoft.Extensions.Options;
using MjpegGateway.RateLimiting;

namespace MjpegGateway.Security;

/// <summary>Refuses to start with a network list the gateway cannot read, naming the key of each bad entry.</summary>
internal sealed class SecurityOptionsValidator : IValidateOptions<SecurityOptions>, IValidateOptions<RateLimitOptions>
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

    public ValidateOptionsResult Validate(string? name, RateLimitOptions options)
    {
        var errors = new List<string>();
        NetworkList.Parse(options.ExemptNetworks, RateLimitOptions.Section + ":ExemptNetworks", errors);
        foreach (var (group, rules) in options.Rules)
        {
            foreach (var (which, rule) in new[] { ("PerIp", rules.PerIp), ("PerSubject", rules.PerSubject) })
            {
                if (rule is not null && (double.IsNaN(rule.PermitsPerMinute) || rule.PermitsPerMinute < 0 || rule.Burst < 0))
                {
                    errors.Add($"{RateLimitOptions.Section}:Rules:{group}:{which} needs PermitsPerMinute and Burst of 0 or more.");
                }
            }
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
