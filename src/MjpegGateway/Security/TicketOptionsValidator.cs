using Microsoft.Extensions.Options;

namespace MjpegGateway.Security;

/// <summary>Checks the <c>Tickets</c> section, naming every bad key.</summary>
internal sealed class TicketOptionsValidator : IValidateOptions<TicketOptions>
{
    // A ticket sits in a URL: it must be short-lived. An hour is already far more than a page needs to use it.
    private const double MaxLifetimeSeconds = 3600;
    private const int MaxOutstanding = 10_000_000;

    // A page mints one per tile it opens; thousands unused at once is no page, and would void the bound's purpose.
    private const int MaxOutstandingPerSubject = 10_000;

    public ValidateOptionsResult Validate(string? name, TicketOptions options)
    {
        var errors = new List<string>();
        var s = TicketOptions.Section;
        if (!(options.LifetimeSeconds is > 0 and <= MaxLifetimeSeconds))
        {
            errors.Add($"{s}:LifetimeSeconds must be more than 0 and at most {MaxLifetimeSeconds}.");
        }

        if (options.MaxOutstanding is < 1 or > MaxOutstanding)
        {
            errors.Add($"{s}:MaxOutstanding must be 1 to {MaxOutstanding}.");
        }

        if (options.MaxOutstandingPerSubject is < 1 or > MaxOutstandingPerSubject)
        {
            errors.Add($"{s}:MaxOutstandingPerSubject must be 1 to {MaxOutstandingPerSubject}.");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
