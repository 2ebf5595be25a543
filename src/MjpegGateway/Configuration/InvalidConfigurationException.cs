namespace MjpegGateway.Configuration;

/// <summary>
/// The gateway cannot start with this configuration. Carries every problem found, each naming its key or file, so the
/// operator fixes them in one pass; <c>Program</c> prints them one per line and exits with code 1, without a stack trace.
/// </summary>
public sealed class InvalidConfigurationException(IReadOnlyList<string> problems, bool logged)
    : Exception("The configuration is invalid: " + string.Join(" ", problems))
{
    /// <summary>One line per problem, each naming its key or file; never a secret value.</summary>
    public IReadOnlyList<string> Problems { get; } = problems;

    /// <summary>True when the problems already went through the gateway's own logging.</summary>
    public bool Logged { get; } = logged;
}
