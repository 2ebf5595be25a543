using System.Collections.Concurrent;

namespace MjpegGateway.Tests.Infrastructure;

/// <summary>Every log line the gateway wrote during a test, formatted, with its exception.</summary>
public sealed class CapturedLogs : ILoggerProvider
{
    private readonly ConcurrentQueue<CapturedLog> _entries = new();

    public IReadOnlyList<CapturedLog> Entries => _entries.ToArray();

    public string AllText => string.Join("\n", _entries.Select(e => $"{e.Level} {e.Category} [{e.EventId}] {e.Message} {e.Exception}"));

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void Dispose()
    {
    }

    private sealed class Logger(CapturedLogs owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            owner._entries.Enqueue(new CapturedLog(logLevel, category, eventId.Id, formatter(state, exception), exception?.ToString()));
    }
}

public sealed record CapturedLog(LogLevel Level, string Category, int EventId, string Message, string? Exception);
