using Microsoft.Extensions.Options;

namespace MjpegGateway.Configuration;

/// <summary>Checks the <c>Gateway</c> section at start-up and names every bad key.</summary>
internal sealed class GatewayOptionsValidator : IValidateOptions<GatewayOptions>
{
    private const int MaxQueueCapacity = 3;
    private const int MinFrameBytes = 1024;
    // Below a few KB every frame becomes dozens of flushes; nothing is gained.
    private const int MinWriteSliceBytes = 4096;
    private const int MaxFrameBytes = 256 * 1024 * 1024;
    private const int MinPartHeaderBytes = 256;
    private const int MaxPartHeaderBytes = 1024 * 1024;
    private const int MaxViewersTotal = 1_000_000;
    private const double MaxViewerFps = 1000;
    private const int MaxOverloadWindowSeconds = 60;

    public ValidateOptionsResult Validate(string? name, GatewayOptions options)
    {
        var errors = new List<string>();
        var s = GatewayOptions.Section;
        if (options.MaxViewersTotal is < 1 or > MaxViewersTotal)
        {
            errors.Add($"{s}:MaxViewersTotal must be 1 to {MaxViewersTotal}.");
        }

        if (options.ViewerQueueCapacity is < 1 or > MaxQueueCapacity)
        {
            errors.Add($"{s}:ViewerQueueCapacity must be 1 to {MaxQueueCapacity}.");
        }

        if (options.ViewerWriteSliceBytes is not 0 and < MinWriteSliceBytes)
        {
            errors.Add($"{s}:ViewerWriteSliceBytes must be 0 (whole frames) or at least {MinWriteSliceBytes}.");
        }

        Positive(options.StallTimeoutSeconds, $"{s}:StallTimeoutSeconds");
        Positive(options.FirstFrameTimeoutSeconds, $"{s}:FirstFrameTimeoutSeconds");
        if (!(options.MaxViewerFps is > 0 and <= MaxViewerFps))
        {
            errors.Add($"{s}:MaxViewerFps must be more than 0 and at most {MaxViewerFps}.");
        }

        Positive(options.ConfigReloadDelaySeconds, $"{s}:ConfigReloadDelaySeconds");
        Positive(options.Reconnect.InitialDelaySeconds, $"{s}:Reconnect:InitialDelaySeconds");
        Positive(options.Reconnect.MaxDelaySeconds, $"{s}:Reconnect:MaxDelaySeconds");
        Positive(options.Reconnect.ResetAfterSeconds, $"{s}:Reconnect:ResetAfterSeconds");
        Positive(options.Reconnect.RefusedMinDelaySeconds, $"{s}:Reconnect:RefusedMinDelaySeconds");
        if (options.Reconnect.InitialDelaySeconds > options.Reconnect.MaxDelaySeconds)
        {
            errors.Add($"{s}:Reconnect:InitialDelaySeconds must not exceed {s}:Reconnect:MaxDelaySeconds.");
        }
        if (options.Overload.WindowSeconds is < 1 or > MaxOverloadWindowSeconds)
        {
            errors.Add($"{s}:Overload:WindowSeconds must be 1 to {MaxOverloadWindowSeconds}.");
        }
        else if (options.Overload.SkippingSeconds < 1 || options.Overload.SkippingSeconds > options.Overload.WindowSeconds)
        {
            errors.Add($"{s}:Overload:SkippingSeconds must be 1 to {s}:Overload:WindowSeconds ({options.Overload.WindowSeconds}).");
        }

        if (options.MaxFrameBytes is < MinFrameBytes or > MaxFrameBytes)
        {
            errors.Add($"{s}:MaxFrameBytes must be {MinFrameBytes} to {MaxFrameBytes}.");
        }

        if (options.MaxPartHeaderBytes is < MinPartHeaderBytes or > MaxPartHeaderBytes)
        {
            errors.Add($"{s}:MaxPartHeaderBytes must be {MinPartHeaderBytes} to {MaxPartHeaderBytes}.");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);

        void Positive(double value, string key)
        {
            if (double.IsNaN(value) || value <= 0 || value > TimeSpan.MaxValue.TotalSeconds / 2)
            {
                errors.Add($"{key} must be a positive number.");
            }
        }
    }
}
