using Microsoft.Extensions.Options;

namespace MjpegGateway.Configuration;

/// <summary>
/// The <c>Gateway</c> limits in force: validated at start-up, re-read on every configuration reload, and kept at
/// the last valid version when an edit is invalid. Read <see cref="Current"/> per request so that edited caps
/// apply to new streams. (<c>IOptionsMonitor</c> would throw on an invalid edit instead of keeping the last good one.)
/// </summary>
public sealed class GatewaySettings
{
    private readonly IValidateOptions<GatewayOptions> _validator;
    private GatewayOptions _current;

    /// <summary>Starts from the start-up options (validated by <c>ValidateOnStart</c>).</summary>
    public GatewaySettings(IOptions<GatewayOptions> initial, IEnumerable<IValidateOptions<GatewayOptions>> validators)
    {
        _current = initial.Value;
        _validator = validators.OfType<GatewayOptionsValidator>().FirstOrDefault() ?? new GatewayOptionsValidator();
    }

    /// <summary>The last valid limits.</summary>
    public GatewayOptions Current => Volatile.Read(ref _current);

    /// <summary>Errors of the last rejected edit (each names its key); empty when the file matches what runs.</summary>
    public IReadOnlyList<string> RejectedEdit { get; private set; } = [];

    /// <summary>Binds and validates the <c>Gateway</c> section; adopts it when valid, else keeps the current limits.</summary>
    internal bool TryReload(IConfiguration configuration, out IReadOnlyList<string> errors)
    {
        var next = new GatewayOptions();
        try
        {
            configuration.GetSection(GatewayOptions.Section).Bind(next);
        }
        catch (InvalidOperationException ex)
        {
            // The binder's message names the key and the bad value; Gateway holds no secrets.
            errors = [ex.Message];
            RejectedEdit = errors;
            return false;
        }

        var result = _validator.Validate(Options.DefaultName, next);
        if (result.Failed)
        {
            errors = result.Failures?.ToArray() ?? [result.FailureMessage];
            RejectedEdit = errors;
            return false;
        }

        errors = [];
        RejectedEdit = errors;
        Volatile.Write(ref _current, next);
        return true;
    }
}
