using Microsoft.Extensions.Options;
using MjpegGateway.Security;

namespace MjpegGateway.RateLimiting;

/// <summary>Refuses to start with <c>RateLimits</c> the gateway cannot apply, naming the key of each bad entry.</summary>
internal sealed class RateLimitOptionsValidator : IValidateOptions<RateLimitOptions>
{
    // 10 000 a second: beyond it a token bucket's refill period is too short to mean anything.
    private const double MaxPermitsPerMinute = 600_000;
    private const int MaxBurst = 1_000_000;

    public ValidateOptionsResult Validate(string? name, RateLimitOptions options)
    {
        var errors = new List<string>();
        NetworkList.Parse(options.ExemptNetworks, RateLimitOptions.Section + ":ExemptNetworks", errors);
        foreach (var (group, rules) in options.Rules)
        {
            foreach (var (which, rule) in new[] { ("PerIp", rules.PerIp), ("PerSubject", rules.PerSubject) })
            {
                if (rule is not null && !(rule.PermitsPerMinute is >= 0 and <= MaxPermitsPerMinute && rule.Burst is >= 0 and <= MaxBurst))
                {
                    errors.Add($"{RateLimitOptions.Section}:Rules:{group}:{which} needs PermitsPerMinute of 0 to {MaxPermitsPerMinute} and Burst of 0 to {MaxBurst}.");
                }
            }
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
