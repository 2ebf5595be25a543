namespace MjpegGateway.Lifecycle;

/// <summary>Start-up and shutdown log messages. Event ids 490–499.</summary>
internal static partial class LifecycleLog
{
    [LoggerMessage(490, LogLevel.Information, "Shutting down: not ready, refusing new streams; {Streams} stream(s) get up to {Drain} to finish")]
    public static partial void DrainStarted(ILogger logger, int streams, TimeSpan drain);

    [LoggerMessage(491, LogLevel.Information, "Drain done after {Elapsed}: {Ended} stream(s) ended by the gateway, {Remaining} still open")]
    public static partial void DrainCompleted(ILogger logger, int ended, TimeSpan elapsed, int remaining);

    [LoggerMessage(492, LogLevel.Information, "Start-up heap compacted in {ElapsedMs:0.0} ms: {HeapMb:0.0} MB live, {CommittedMb:0.0} MB committed")]
    public static partial void HeapCompactedAfterStart(ILogger logger, double heapMb, double committedMb, double elapsedMs);
}
