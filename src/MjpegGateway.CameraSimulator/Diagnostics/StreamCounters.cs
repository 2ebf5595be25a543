namespace MjpegGateway.CameraSimulator.Diagnostics;

/// <summary>
/// Stream, frame and request counts, plus a change signal so tests wait on events rather than polling.
/// Outlives restarts: one instance per <see cref="CameraSimulator"/>.
/// </summary>
internal sealed class StreamCounters(TimeProvider timeProvider)
{
    private readonly Lock _concurrency = new();
    private int _activeStreams;
    private int _peakSinceMark;
    private TimeSpan _overlap;
    private long _overlapStarted;
    private int _streamsServed;
    private long _framesSent;
    private int _requestsRecorded;
    private TaskCompletionSource _changed = NewSignal();

    public int ActiveStreams => Volatile.Read(ref _activeStreams);

    public int StreamsServed => Volatile.Read(ref _streamsServed);

    public long FramesSent => Interlocked.Read(ref _framesSent);

    /// <summary>Requests recorded since creation; unlike the bounded request log, never wraps.</summary>
    public int RequestsRecorded => Volatile.Read(ref _requestsRecorded);

    /// <summary>Most streams active at once since <see cref="MarkConcurrency"/> (or creation): exact, not sampled.</summary>
    public int PeakActiveStreams
    {
        get
        {
            lock (_concurrency)
            {
                return _peakSinceMark;
            }
        }
    }

    /// <summary>Time during which more than one stream was active since <see cref="MarkConcurrency"/> (or creation).</summary>
    public TimeSpan OverlapTime
    {
        get
        {
            lock (_concurrency)
            {
                return _activeStreams > 1 ? _overlap + timeProvider.GetElapsedTime(_overlapStarted) : _overlap;
            }
        }
    }

    /// <summary>Starts <see cref="PeakActiveStreams"/> and <see cref="OverlapTime"/> afresh from the streams active now.</summary>
    public void MarkConcurrency()
    {
        lock (_concurrency)
        {
            _peakSinceMark = _activeStreams;
            _overlap = TimeSpan.Zero;
            _overlapStarted = timeProvider.GetTimestamp();
        }
    }

    /// <summary>Takes a stream slot unless <paramref name="maxStreams"/> are already taken.</summary>
    public bool TryBeginStream(int maxStreams)
    {
        // Under one lock with the peak and overlap bookkeeping, so waiters never see a count above the limit and a
        // second stream that lasts a moment is still counted.
        lock (_concurrency)
        {
            if (_activeStreams >= maxStreams)
            {
                return false;
            }

            var active = _activeStreams + 1;
            Volatile.Write(ref _activeStreams, active);
            _peakSinceMark = Math.Max(_peakSinceMark, active);
            if (active == 2)
            {
                _overlapStarted = timeProvider.GetTimestamp();
            }
        }

        SignalChange();
        return true;
    }

    public void EndStream()
    {
        lock (_concurrency)
        {
            var active = _activeStreams - 1;
            Volatile.Write(ref _activeStreams, active);
            if (active == 1)
            {
                _overlap += timeProvider.GetElapsedTime(_overlapStarted);
            }
        }

        SignalChange();
    }

    public void StreamServed()
    {
        Interlocked.Increment(ref _streamsServed);
        SignalChange();
    }

    public void FrameSent() => Interlocked.Increment(ref _framesSent);

    public void RequestRecorded()
    {
        Interlocked.Increment(ref _requestsRecorded);
        SignalChange();
    }

    /// <summary>Completes once <paramref name="condition"/> holds; re-checked on every change of the stream or request counts.</summary>
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
                    $"Expected {expectation} within {timeout}, but ActiveStreams={ActiveStreams}, StreamsServed={StreamsServed}, RequestsRecorded={RequestsRecorded}.");
            }
        }
    }

    private void SignalChange() => Interlocked.Exchange(ref _changed, NewSignal()).TrySetResult();

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
