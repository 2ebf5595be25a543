namespace MjpegGateway.Telemetry;

/// <summary>
/// The host's logger factory, with Kestrel's warning and error lines passed through <see cref="LogThrottle"/> per
/// connection: an HTTP/2 rapid-reset storm wrote 118 critical lines for one connection. Every other category is the
/// inner factory's logger, untouched.
/// </summary>
internal sealed class ThrottledLoggerFactory(ILoggerFactory inner, Func<LogThrottle> throttle) : ILoggerFactory
{
    /// <summary>Kind under which Kestrel's lines are counted.</summary>
    public const string KestrelKind = "Kestrel";

    private const string KestrelCategoryPrefix = "Microsoft.AspNetCore.Server.Kestrel";

    public ILogger CreateLogger(string categoryName)
    {
        var logger = inner.CreateLogger(categoryName);
        return categoryName.StartsWith(KestrelCategoryPrefix, StringComparison.Ordinal) ? new ThrottledLogger(logger, throttle) : logger;
    }

    public void AddProvider(ILoggerProvider provider) => inner.AddProvider(provider);

    public void Dispose() => inner.Dispose();

    private sealed class ThrottledLogger(ILogger inner, Func<LogThrottle> throttle) : ILogger
    {
        private const string ConnectionIdKey = "ConnectionId";

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => inner.BeginScope(state);

        public bool IsEnabled(LogLevel logLevel) => inner.IsEnabled(logLevel);

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (logLevel >= LogLevel.Warning && inner.IsEnabled(logLevel) && !throttle().TryLog(KestrelKind, SourceOf(state)))
            {
                return;
            }

            inner.Log(logLevel, eventId, state, exception, formatter);
        }

        // Kestrel's structured lines name their connection; a line without one counts under the category's shared entry.
        private static string SourceOf<TState>(TState state)
        {
            if (state is IReadOnlyList<KeyValuePair<string, object?>> values)
            {
                foreach (var (key, value) in values)
                {
                    if (key == ConnectionIdKey && value is not null)
                    {
                        return "connection " + value;
                    }
                }
            }

            return "Kestrel";
        }
    }
}
