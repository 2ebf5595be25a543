namespace MjpegGateway.Security;

/// <summary>Why no ticket was issued.</summary>
public enum TicketRefusal
{
    /// <summary>Issued.</summary>
    None,
    /// <summary>Too many unused tickets are outstanding (<c>Tickets:MaxOutstanding</c>).</summary>
    TooManyOutstanding,
    /// <summary>The subject holds too many unused tickets.</summary>
    TooManyForSubject,
    /// <summary>The shared store could not be reached.</summary>
    Unavailable,
}
