using System.Runtime.CompilerServices;
using Microsoft.Extensions.Options;

namespace MjpegGateway.Cluster;

/// <summary>Checks the <c>Cluster</c> section at start-up, naming each bad key and never echoing the secret or the Redis password.</summary>
internal sealed class ClusterOptionsValidator : IValidateOptions<ClusterOptions>
{
    internal const int MinSecretBytes = 32;

    // Not inlined, so a gateway without a cluster never loads StackExchange.Redis to validate this section.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static bool IsRedisConfiguration(string configuration)
    {
        try
        {
            _ = StackExchange.Redis.ConfigurationOptions.Parse(configuration);
            return true;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    public ValidateOptionsResult Validate(string? name, ClusterOptions options)
    {
        if (!options.Enabled)
        {
            return ValidateOptionsResult.Success;
        }

        var errors = new List<string>();
        var s = ClusterOptions.Section;
        if (!IsRedisConfiguration(options.Redis!))
        {
            errors.Add($"{s}:Redis is not a valid StackExchange.Redis configuration string.");
        }

        if (!Uri.TryCreate(options.NodeUrl, UriKind.Absolute, out var url) || (url.Scheme != Uri.UriSchemeHttps && url.Scheme != Uri.UriSchemeHttp) || url.IsDefaultPort || url.AbsolutePath != "/")
        {
            errors.Add($"{s}:NodeUrl must be an absolute http:// or https:// URL with an explicit port and no path, e.g. https://10.1.2.3:8444.");
        }

        try
        {
            if (ClusterSecret.Bytes(options.Secret) is not { Length: >= MinSecretBytes })
            {
                errors.Add($"{s}:Secret must be at least {MinSecretBytes} bytes.");
            }
        }
        catch (FormatException)
        {
            errors.Add($"{s}:Secret starts with 'base64:' but is not valid base64.");
        }

        if (double.IsNaN(options.LeaseSeconds) || options.LeaseSeconds < 2 || options.LeaseSeconds > 120)
        {
            errors.Add($"{s}:LeaseSeconds must be between 2 and 120.");
        }

        if (double.IsNaN(options.SlotSeconds) || options.SlotSeconds < 3 || options.SlotSeconds > 300)
        {
            errors.Add($"{s}:SlotSeconds must be between 3 and 300.");
        }

        if (options.NodeId is { } node && (node.Length is 0 or > 64 || node.Any(c => !char.IsAsciiLetterOrDigit(c) && c is not '-' and not '_' and not '.')))
        {
            errors.Add($"{s}:NodeId must be 1 to 64 letters, digits, '-', '_' or '.'.");
        }

        if (string.IsNullOrEmpty(options.KeyPrefix) || options.KeyPrefix.Length > 32)
        {
            errors.Add($"{s}:KeyPrefix must be 1 to 32 characters.");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
