namespace MjpegGateway.Security;

/// <summary>An issued ticket (its value and what it stands for) or, with null value and ticket, why none was.</summary>
public readonly record struct TicketIssue(TicketRefusal Refusal, string? Value, StreamTicket? Ticket);
