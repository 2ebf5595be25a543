namespace MjpegGateway.CameraSimulator.Diagnostics;

/// <summary>
/// Stream and frame counts, plus a change signal so tests wait on events rather than polling.
/// Outlives restarts: one instance per <see cref="CameraSimulator"/>.
/// </summary>
internal sealed class StreamCounters(TimeProvider timeProvider)
{
    private int _activeStreams;
    private int _streamsServed;
    private long _framesSent;
    private TaskCompletionSource _changed = NewSignal();

    public int ActiveStreams => Volatile.Read(ref _activeStreams);

    public int StreamsServed => Volatile.Read(ref _streamsServed);

    public long FramesSent => Interlocked.Read(ref _framesSent);

    /// <summary>Takes a stream slot unless <paramref name="maxStreams"/> are already taken.</summary>
    public bool TryBeginStream(int maxStreams)
    {
        // Compare-and-swap rather than increment-then-undo, so waiters never see a count above the limit.
        var current = ActiveStreams;
        while (current < maxStreams)
        {
            var seen = Interlocked.CompareExchange(ref _activeStreams, current + 1, current);
            if (seen == current)
            {
                SignalChange();
                return true;
            }

            current = seen;
        }

        return false;
    }

    public void EndStream()
    {
        Interlocked.Decrement(ref _activeStreams);
        SignalChange();
    }

    public void StreamServed()
    {
        Interlocked.Increment(ref _streamsServed);
        SignalChange();
    }

    public void FrameSent() => Interlocked.Increment(ref _framesSent);

    /// <summary>Completes once <paramref name="condition"/> holds; re-checked on every change of the stream counts.</summary>
    /// <exception cref="TimeoutException">The condition did not hold within <paramref name="timeout"/>.</exception>
    public async Task WaitUntilAsync(Func<StreamCounters, bool> condition, string expectation, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var timeoutSource = new CancellationTokenSource(timeout, timeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(timeoutSource.Token, cancellationToken);
        while (true)
        {
            // Take the signal before checking, so a change between check and wait is not missed.
            var changed = Volatile.Read(ref _changed).Task;
            if (condition(this))
            {
                return;
            }

            try
            {
                await changed.WaitAsync(linked.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (timeoutSource.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
            {
                throw new TimeoutException(
                    $"Expected {expectation} within {timeout}, but ActiveStreams={ActiveStreams}, StreamsServed={StreamsServed}.");
            }
        }
    }

    private void SignalChange() => Interlocked.Exchange(ref _changed, NewSignal()).TrySetResult();

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
