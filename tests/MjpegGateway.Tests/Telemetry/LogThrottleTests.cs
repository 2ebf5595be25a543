using System.Net;
using Microsoft.Extensions.Time.Testing;
using MjpegGateway.Telemetry;
using MjpegGateway.Tests.Infrastructure;

namespace MjpegGateway.Tests.Telemetry;

/// <summary>No client can flood the logs: refusal and Kestrel lines are throttled per source and summed up per window.</summary>
public sealed class LogThrottleTests
{
    private const int RefusalEvent = 501;
    private const int SummaryEvent = 502;

    [Fact]
    public void Lines_past_the_per_source_bound_are_counted_and_summed_up_once_when_the_window_ends()
    {
        var time = new FakeTimeProvider();
        var logs = new CapturedLogs();
        using var throttle = new LogThrottle(new TelemetryOptions(), time, logs.CreateLogger(AuditLog.Category));

        var written = Enumerable.Range(0, 100).Count(_ => throttle.TryLog("refusal", "203.0.113.7"));
        var other = Enumerable.Range(0, 3).Count(_ => throttle.TryLog("refusal", "198.51.100.1"));

        Assert.Equal(5, written);
        Assert.Equal(3, other);
        Assert.Empty(logs.Entries);

        time.Advance(TimeSpan.FromSeconds(10));
        var summary = Assert.Single(logs.Entries);
        Assert.Equal(SummaryEvent, summary.EventId);
        Assert.Contains("Suppressed 95 refusal log lines from 1 sources", summary.Message, StringComparison.Ordinal);
        Assert.Contains("203.0.113.7 (95)", summary.Message, StringComparison.Ordinal);

        // A new window: the source may write again, and a quiet window writes no summary.
        Assert.True(throttle.TryLog("refusal", "203.0.113.7"));
        time.Advance(TimeSpan.FromSeconds(10));
        Assert.Single(logs.Entries);
    }

    [Fact]
    public void Many_sources_together_stay_within_the_per_window_bound_and_the_table_stays_bounded()
    {
        var time = new FakeTimeProvider();
        var logs = new CapturedLogs();
        var options = new TelemetryOptions { LogThrottleMaxSources = 100 };
        using var throttle = new LogThrottle(options, time, logs.CreateLogger(AuditLog.Category));

        var written = Enumerable.Range(0, 10_000).Count(i => throttle.TryLog("refusal", $"10.0.{i / 256}.{i % 256}"));

        Assert.Equal(options.LogLinesPerWindow, written);
        time.Advance(TimeSpan.FromSeconds(options.LogThrottleWindowSeconds));
        var summary = Assert.Single(logs.Entries);
        Assert.Contains($"Suppressed {10_000 - options.LogLinesPerWindow} refusal log lines", summary.Message, StringComparison.Ordinal);
        Assert.Contains(LogThrottle.OtherSources, summary.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Kestrel_error_lines_are_throttled_per_connection_and_other_categories_are_untouched()
    {
        var time = new FakeTimeProvider();
        var logs = new CapturedLogs();
        using var inner = LoggerFactory.Create(b => b.SetMinimumLevel(LogLevel.Trace).AddProvider(logs));
        using var throttle = new LogThrottle(new TelemetryOptions(), time, inner.CreateLogger(AuditLog.Category));
        using var factory = new ThrottledLoggerFactory(inner, () => throttle);
        var kestrel = factory.CreateLogger("Microsoft.AspNetCore.Server.Kestrel.Http2");
        var gateway = factory.CreateLogger("MjpegGateway.Streaming");

        for (var i = 0; i < 118; i++)
        {
            kestrel.LogCritical("Connection id \"{ConnectionId}\" exceeded the stream reset limit.", "0HN1");
            gateway.LogError("gateway line {Index}", i);
        }

        kestrel.LogCritical("Connection id \"{ConnectionId}\" exceeded the stream reset limit.", "0HN2");
        kestrel.LogDebug("Connection id \"{ConnectionId}\" debug.", "0HN1");

        Assert.Equal(5, logs.Entries.Count(e => e.Message.Contains("0HN1", StringComparison.Ordinal) && e.Level == LogLevel.Critical));
        Assert.Single(logs.Entries, e => e.Message.Contains("0HN2", StringComparison.Ordinal));
        Assert.Single(logs.Entries, e => e.Level == LogLevel.Debug);
        Assert.Equal(118, logs.Entries.Count(e => e.Category == "MjpegGateway.Streaming"));
        time.Advance(TimeSpan.FromSeconds(10));
        Assert.Contains(logs.Entries, e => e.EventId == SummaryEvent && e.Message.Contains("113 Kestrel log lines", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Gateway_at_Information_writes_no_line_per_request_and_at_most_five_refusal_lines_per_client()
    {
        await using var gateway = await TestGateway.StartAsync(
            new Dictionary<string, string?>
            {
                ["Logging:LogLevel:Default"] = "Information",
                ["Logging:LogLevel:MjpegGateway"] = "Information",
                ["Telemetry:LogThrottleWindowSeconds"] = "3600",
            },
            configure: b => b.Logging.SetMinimumLevel(LogLevel.Information));
        using var client = gateway.CreateClient(gateway.Tokens.Create("mallory", ["viewer"], ["*"], signingKey: new byte[32]));
        using var probes = gateway.Anonymous;

        for (var i = 0; i < 30; i++)
        {
            using var refused = await client.GetAsync("cameras");
            Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
            using var answered = await probes.GetAsync("healthz");
            Assert.Equal(HttpStatusCode.OK, answered.StatusCode);
        }

        Assert.Equal(5, gateway.Logs.Entries.Count(e => e.EventId == RefusalEvent));
        Assert.DoesNotContain(gateway.Logs.Entries, e => e.EventId is 350 or 351 or 352);
    }
}
