namespace MjpegGateway.Security;

/// <summary>
/// Security log messages. Event ids 350–399. Never log a token, ticket, query string or password. The per-request
/// lines (350–352) are Debug: every refusal already has its audit event (501, throttled per source), and a line per
/// request would let any client fill the logs. Turn them on with <c>Logging:LogLevel:MjpegGateway.Security=Debug</c>.
/// </summary>
internal static partial class SecurityLog
{
    [LoggerMessage(350, LogLevel.Debug, "Rate limit reached for group {Group} on {Path}")]
    public static partial void RateLimited(ILogger logger, string group, string path);

    [LoggerMessage(351, LogLevel.Debug, "Request from {RemoteAddress} to {Path} refused: address not in the allow-list")]
    public static partial void NotAllowedNetwork(ILogger logger, string? remoteAddress, string path);

    [LoggerMessage(352, LogLevel.Debug, "{Method} {Path}{Query} answered {Status} in {ElapsedMs:0.0} ms")]
    public static partial void Request(ILogger logger, string method, string path, string query, int status, double elapsedMs);

    [LoggerMessage(353, LogLevel.Information, "Request to {Path} denied: {Reason}")]
    public static partial void Denied(ILogger logger, string path, string reason);

    [LoggerMessage(354, LogLevel.Warning, "No token validation configured (Auth:SigningKey or Auth:Authority): only public cameras and health probes are reachable")]
    public static partial void NoTokenValidation(ILogger logger);

    [LoggerMessage(355, LogLevel.Information, "Stream {SessionId} ended: its credential expired or the maximum stream duration passed")]
    public static partial void StreamCredentialExpired(ILogger logger, string sessionId);

    [LoggerMessage(368, LogLevel.Information, "Token validation warmed up with {What} before listening")]
    public static partial void TokenValidationWarmedUp(ILogger logger, string what);

    [LoggerMessage(369, LogLevel.Information, "Token validation warm-up did not complete ({Error}); the first token pays its first-use cost")]
    public static partial void TokenValidationWarmUpFailed(ILogger logger, string error);
}
