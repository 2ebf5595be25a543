using Microsoft.Extensions.Options;
using MjpegGateway.Security;

namespace MjpegGateway.RateLimiting;

/// <summary>Refuses to start with <c>RateLimits</c> the gateway cannot apply, naming the key of each bad entry.</summary>
internal sealed class RateLimitOptionsValidator : IValidateOptions<RateLimitOptions>
{
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
