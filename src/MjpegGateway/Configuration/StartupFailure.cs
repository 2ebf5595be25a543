namespace MjpegGateway.Configuration;

/// <summary>How the process ends when it cannot start: one line per problem on stderr, exit code 1, no stack trace.</summary>
internal static class StartupFailure
{
    /// <summary>Exit code of a gateway that could not start because of its configuration or environment.</summary>
    public const int ExitCode = 1;

    /// <summary>
    /// Prints <paramref name="problems"/> and returns <see cref="ExitCode"/>. <paramref name="log"/>, when given, also logs
    /// them through a plain console logger: for problems found before the gateway's own logging existed.
    /// </summary>
    public static int Report(IReadOnlyList<string> problems, Action<ILogger, string>? log)
    {
        if (log is not null)
        {
            using var loggers = LoggerFactory.Create(b => b.AddConsole());
            var logger = loggers.CreateLogger(ConfigurationLog.Category);
            foreach (var problem in problems)
            {
                log(logger, problem);
            }
        }

        Console.Error.WriteLine($"MjpegGateway cannot start: {problems.Count} configuration problem(s).");
        foreach (var problem in problems)
        {
            // One line each, whatever the message holds.
            Console.Error.WriteLine("  " + problem.ReplaceLineEndings(" "));
        }

        return ExitCode;
    }
}
