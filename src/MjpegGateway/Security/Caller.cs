namespace MjpegGateway.Security;

/// <summary>
/// Who is asking, as the caps, the audit log and the session registry see it; built once per request by
/// <see cref="Of"/> so every record names a caller the same way.
/// </summary>
/// <param name="Subject">The authenticated subject, or null for an anonymous caller (a token without one is refused at authentication).</param>
/// <param name="Address">Client address as the gateway sees it (after forwarded-header processing), or <c>unknown</c>.</param>
/// <param name="AuditName">The subject for logs: the subject, or <c>anonymous</c> (<c>authenticated</c> should a credential ever lack one).</param>
public readonly record struct Caller(string? Subject, string Address, string AuditName)
{
    /// <summary>The caller of <paramref name="context"/>.</summary>
    public static Caller Of(HttpContext context)
    {
        var identity = context.User.Identity;
        var authenticated = identity?.IsAuthenticated == true;
        var subject = authenticated ? identity!.Name : null;
        return new Caller(subject, context.Connection.RemoteIpAddress?.ToString() ?? "unknown", authenticated ? subject ?? "authenticated" : "anonymous");
    }
}
