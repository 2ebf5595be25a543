namespace MjpegGateway.Security;

/// <summary>Single-use stream tickets for <c>&lt;img src&gt;</c>, section <c>Tickets</c>.</summary>
public sealed class TicketOptions
{
    /// <summary>Configuration section name.</summary>
    public const string Section = "Tickets";

    /// <summary>Seconds a ticket stays valid to start a stream or snapshot. Default 30.</summary>
    public double LifetimeSeconds { get; set; } = 30;

    /// <summary>Unused tickets kept at most (minting beyond it answers 503). Default 10 000: bounds memory.</summary>
    public int MaxOutstanding { get; set; } = 10_000;

    /// <summary>
    /// Unused tickets one subject may hold at once, in this process or across a cluster (minting beyond it answers 429).
    /// Default 8: a page mints one per tile it opens; without it a few hundred subjects could fill
    /// <see cref="MaxOutstanding"/> and lock everyone else out for a ticket lifetime. 1 to 10 000.
    /// </summary>
    public int MaxOutstandingPerSubject { get; set; } = 8;
}
