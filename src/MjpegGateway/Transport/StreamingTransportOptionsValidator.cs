using Microsoft.Extensions.Options;

namespace MjpegGateway.Transport;

/// <summary>Checks <see cref="StreamingTransportOptions"/>; every failure names its key.</summary>
public sealed class StreamingTransportOptionsValidator : IValidateOptions<StreamingTransportOptions>
{
    /// <summary>The largest <see cref="StreamingTransportOptions.PoolBlockBytes"/>: 1 MiB.</summary>
    public const int MaxPoolBlockBytes = 1024 * 1024;

    /// <inheritdoc/>
    public ValidateOptionsResult Validate(string? name, StreamingTransportOptions options)
    {
        var failures = new List<string>();
        if (options.SendBufferBytes < 0)
        {
            failures.Add($"{StreamingTransportOptions.Section}:SendBufferBytes must be 0 (kernel auto-tuning) or a positive number of bytes.");
        }

        if (options.PoolBlockBytes is not 0 and (< 4096 or > MaxPoolBlockBytes))
        {
            failures.Add($"{StreamingTransportOptions.Section}:PoolBlockBytes must be 0 (Kestrel's 4 KB pool) or 4096 to {MaxPoolBlockBytes} bytes.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
