namespace MjpegGateway.Configuration;

/// <summary>Start-up configuration log messages. Event ids 420–439. Never a secret value, only its key.</summary>
internal static partial class ConfigurationLog
{
    /// <summary>Logger category of these messages.</summary>
    public const string Category = "MjpegGateway.Configuration";

    [LoggerMessage(420, LogLevel.Critical, "Cannot start, invalid configuration: {Problem}")]
    public static partial void Invalid(ILogger logger, string problem);

    [LoggerMessage(421, LogLevel.Critical, "Cannot start, the server could not listen: {Problem}")]
    public static partial void CannotListen(ILogger logger, string problem);
}
