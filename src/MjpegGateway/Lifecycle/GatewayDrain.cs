using Microsoft.Extensions.Options;
using MjpegGateway.Streaming;

namespace MjpegGateway.Lifecycle;

/// <summary>
/// Graceful shutdown. When the host starts stopping (SIGTERM), before the server stops: readiness turns off, new
/// streams are refused, current streams get up to <see cref="ShutdownOptions.DrainSeconds"/>, then the rest are
/// ended. Then Kestrel stops with nothing in flight and the camera catalog closes the upstreams.
/// </summary>
public sealed class GatewayDrain(StreamSessions sessions, IOptions<ShutdownOptions> options, TimeProvider time, ILogger<GatewayDrain> logger) : IHostedLifecycleService
{
    /// <summary>End cause recorded in the audit log for streams ended by the drain.</summary>
    public const string ShutdownCause = "Shutdown";

    private int _draining;

    /// <summary>True from the start of shutdown: not ready, no new streams.</summary>
    public bool IsDraining => Volatile.Read(ref _draining) == 1;

    /// <summary>Runs before any hosted service (the web server included) stops.</summary>
    public async Task StoppingAsync(CancellationToken cancellationToken)
    {
        if (Interlocked.Exchange(ref _draining, 1) == 1)
        {
            return;
        }

        sessions.Close();
        var drain = TimeSpan.FromSeconds(options.Value.DrainSeconds);
        LifecycleLog.DrainStarted(logger, sessions.Count, drain);
        var started = time.GetTimestamp();
        await WaitForNoSessionsAsync(drain, cancellationToken).ConfigureAwait(false);
        var ended = sessions.EndAll(ShutdownCause);
        if (ended > 0)
        {
            await WaitForNoSessionsAsync(TimeSpan.FromSeconds(options.Value.EndGraceSeconds), cancellationToken).ConfigureAwait(false);
        }

        LifecycleLog.DrainCompleted(logger, ended, time.GetElapsedTime(started), sessions.Count);
    }

    // Waits for the last session to retire (an event from StreamSessions), at most for the timeout.
    private async Task WaitForNoSessionsAsync(TimeSpan timeout, CancellationToken cancellationToken) =>
        await sessions.WhenEmptyAsync().WaitAsync(timeout, time, cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);

    /// <inheritdoc />
    public Task StartingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <inheritdoc />
    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <inheritdoc />
    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <inheritdoc />
    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <inheritdoc />
    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
