using Microsoft.Extensions.Options;

namespace MjpegGateway.Configuration;

/// <summary>Checks the <c>Gateway</c> section at start-up and names every bad key.</summary>
internal sealed class GatewayOptionsValidator : IValidateOptions<GatewayOptions>
{
    private const int MaxQueueCapacity = 3;
    private const int MinFrameBytes = 1024;
    // Below a few KB every frame becomes dozens of flushes; nothing is gained.
    private const int MinWriteSliceBytes = 4096;

    public ValidateOptionsResult Validate(string? name, GatewayOptions options)
    {
        var errors = new List<string>();
        var s = GatewayOptions.Section;
        if (options.MaxViewersTotal < 1)
        {
            errors.Add($"{s}:MaxViewersTotal must be at least 1.");
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
        Positive(options.MaxViewerFps, $"{s}:MaxViewerFps");
        Positive(options.ConfigReloadDelaySeconds, $"{s}:ConfigReloadDelaySeconds");
        Positive(options.Reconnect.InitialDelaySeconds, $"{s}:Reconnect:InitialDelaySeconds");
        Positive(options.Reconnect.MaxDelaySeconds, $"{s}:Reconnect:MaxDelaySeconds");
        Positive(options.Reconnect.ResetAfterSeconds, $"{s}:Reconnect:ResetAfterSeconds");
        Positive(options.Reconnect.RefusedMinDelaySeconds, $"{s}:Reconnect:RefusedMinDelaySeconds");
        if (options.MaxFrameBytes < MinFrameBytes)
        {
            errors.Add($"{s}:MaxFrameBytes must be at least {MinFrameBytes}.");
        }

        if (options.MaxPartHeaderBytes < 256)
        {
            errors.Add($"{s}:MaxPartHeaderBytes must be at least 256.");
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
