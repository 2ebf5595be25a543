using Mjpeg.Frames;

namespace Mjpeg.Fanout;

/// <summary>
/// Fans the frames of one camera profile out to its viewers. Publishing never waits on a viewer:
/// each gets the frame through <see cref="Viewer.Offer"/>, which drops that viewer's oldest frame when it is behind.
/// The hub keeps the latest frame so that a new viewer or a snapshot gets a picture at once.
/// </summary>
/// <remarks>
/// A frame is offered in batches of <see cref="FrameHubOptions.OfferBatchSize"/> viewers, the rest of the fan-out going
/// back to the thread pool's queue after each batch, so that work arriving meanwhile (a new viewer) is not queued
/// behind every viewer's write. One fan-out runs at a time, so each viewer gets frames in order. A frame that arrives
/// while the previous one is still being offered waits for it; if a newer one arrives before it starts, it is skipped
/// (<see cref="FramesSkippedBehind"/>).
/// </remarks>
public sealed class FrameHub : IDisposable
{
    private readonly object _gate = new();
    private readonly TimeProvider _time;
    private readonly ITimer _stallTimer;
    private readonly FanOut _fanOut;
    private Viewer[] _viewers = [];
    private Frame? _latest;
    // Under _gate: whether a fan-out is running, and the frame (with its viewers) that waits for it to end.
    private bool _fanOutRunning;
    private Frame? _waitingFrame;
    private Viewer[] _waitingViewers = [];
    // Interlocked, like _framesPublished.
    private long _framesSkippedBehind;
    // Created only when a snapshot waits for the first frame, so publishing allocates nothing for it otherwise.
    private TaskCompletionSource<bool>? _nextFrame;
    private long _framesPublished;
    private bool _closed;

    public FrameHub(string name, FramePool pool, FrameHubOptions options, TimeProvider time)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(options.OfferBatchSize, 1);
        _fanOut = new FanOut(this);
        Name = name;
        Pool = pool;
        Options = options;
        _time = time;
        _stallTimer = time.CreateTimer(_ => EndStalledViewers(), null, options.StallCheckInterval, options.StallCheckInterval);
    }

    /// <summary>Identifies the hub in logs, e.g. "lobby/hd".</summary>
    public string Name { get; }

    /// <summary>Builds this hub's frames; its boundary is the outgoing stream's boundary.</summary>
    public FramePool Pool { get; }

    /// <summary>The hub's limits.</summary>
    public FrameHubOptions Options { get; }

    /// <summary>Viewers currently attached.</summary>
    public int ViewerCount => Volatile.Read(ref _viewers).Length;

    /// <summary>Attached viewers, a snapshot.</summary>
    public IReadOnlyList<Viewer> Viewers => Volatile.Read(ref _viewers);

    /// <summary>Frames published since the hub was created.</summary>
    public long FramesPublished => Interlocked.Read(ref _framesPublished);

    /// <summary>
    /// Frames offered to no viewer: a newer frame arrived while they waited for the previous frame's fan-out, which
    /// happens only when the gateway's CPU cannot keep up with the camera.
    /// </summary>
    public long FramesSkippedBehind => Interlocked.Read(ref _framesSkippedBehind);

    /// <summary>Raised when a stalled viewer is ended.</summary>
    public event Action<Viewer>? ViewerStalled;

    /// <summary>
    /// Makes <paramref name="frame"/> the latest and offers it to every viewer.
    /// Takes over the caller's reference.
    /// </summary>
    public void Publish(Frame frame)
    {
        Frame? previous;
        Frame? skipped = null;
        Viewer[] viewers;
        bool start;
        TaskCompletionSource<bool>? signal;
        lock (_gate)
        {
            if (_closed)
            {
                frame.Release();
                return;
            }

            previous = _latest;
            _latest = frame;
            // The viewers are taken now: one that joins later gets this frame as the latest, from Add.
            viewers = _viewers;
            signal = _nextFrame;
            _nextFrame = null;
            // The fan-out's own reference, released once every viewer has been offered the frame.
            frame.AddRef();
            start = !_fanOutRunning;
            if (start)
            {
                _fanOutRunning = true;
            }
            else
            {
                skipped = _waitingFrame;
                _waitingFrame = frame;
                _waitingViewers = viewers;
            }
        }

        Interlocked.Increment(ref _framesPublished);
        previous?.Release();
        if (skipped is not null)
        {
            skipped.Release();
            Interlocked.Increment(ref _framesSkippedBehind);
        }

        if (start)
        {
            _fanOut.Start(frame, viewers);
        }

        signal?.TrySetResult(true);
    }

    // The fan-out has offered its frame to every viewer: the next waiting frame, or null when there is none.
    private Frame? TakeWaitingFrame(out Viewer[] viewers)
    {
        lock (_gate)
        {
            var next = _waitingFrame;
            viewers = _waitingViewers;
            _waitingFrame = null;
            _waitingViewers = [];
            _fanOutRunning = next is not null;
            return next;
        }
    }

    /// <summary>Attaches a viewer; it is offered the latest frame at once.</summary>
    public Viewer Add(ViewerOptions options)
    {
        var viewer = new Viewer(this, options, _time);
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_closed, this);
            if (_latest is not null)
            {
                viewer.Offer(_latest);
            }

            // Publish offers in array order, and the writers' wake-ups queue in that order.
            _viewers = options.OfferedFirst ? [viewer, .. _viewers] : [.. _viewers, viewer];
        }

        return viewer;
    }

    /// <summary>The latest frame with a reference taken for the caller, or null before the first frame.</summary>
    public Frame? AcquireLatest()
    {
        lock (_gate)
        {
            _latest?.AddRef();
            return _latest;
        }
    }

    /// <summary>
    /// The latest frame (a reference for the caller), waiting for the first one when there is none yet.
    /// Null when none arrived within <paramref name="timeout"/>.
    /// </summary>
    public async Task<Frame?> AcquireLatestAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        Task<bool> next;
        lock (_gate)
        {
            if (_latest is not null)
            {
                _latest.AddRef();
                return _latest;
            }

            _nextFrame ??= new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
            next = _nextFrame.Task;
        }

        try
        {
            await next.WaitAsync(timeout, _time, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            return null;
        }

        return AcquireLatest();
    }

    /// <summary>Forgets the latest frame, e.g. when the upstream is lost and it would be stale.</summary>
    public void ClearLatest()
    {
        Frame? previous;
        lock (_gate)
        {
            previous = _latest;
            _latest = null;
        }

        previous?.Release();
    }

    internal void Remove(Viewer viewer)
    {
        lock (_gate)
        {
            var index = Array.IndexOf(_viewers, viewer);
            if (index < 0)
            {
                return;
            }

            _viewers = [.. _viewers.AsSpan(0, index), .. _viewers.AsSpan(index + 1)];
        }
    }

    private void EndStalledViewers()
    {
        var now = _time.GetTimestamp();
        foreach (var viewer in Volatile.Read(ref _viewers))
        {
            // A viewer ended on purpose still finishes the write in flight, so a stall can end it too.
            if (!viewer.WritesAborted && viewer.IsStalled(now, Options.StallTimeout))
            {
                viewer.End(ViewerEndReason.Stalled);
                ViewerStalled?.Invoke(viewer);
            }
        }
    }

    /// <summary>Ends every viewer and releases the latest frame.</summary>
    public void Dispose()
    {
        Viewer[] viewers;
        lock (_gate)
        {
            if (_closed)
            {
                return;
            }

            _closed = true;
            viewers = _viewers;
        }

        _stallTimer.Dispose();
        foreach (var viewer in viewers)
        {
            viewer.End(ViewerEndReason.HubClosed);
        }

        ClearLatest();
        TaskCompletionSource<bool>? waiting;
        Frame? waitingFrame;
        lock (_gate)
        {
            waiting = _nextFrame;
            _nextFrame = null;
            waitingFrame = _waitingFrame;
            _waitingFrame = null;
            _waitingViewers = [];
        }

        waitingFrame?.Release();
        waiting?.TrySetResult(false);
    }

    /// <summary>
    /// Offers one frame to a snapshot of the viewers, a batch at a time: the first batch on the publishing thread,
    /// each further batch as a thread-pool work item queued behind the writes the previous batch woke.
    /// Only one runs per hub (<see cref="_fanOutRunning"/>), so its fields need no lock.
    /// </summary>
    private sealed class FanOut(FrameHub hub) : IThreadPoolWorkItem
    {
        private Frame? _frame;
        private Viewer[] _viewers = [];
        private int _next;

        public void Start(Frame frame, Viewer[] viewers)
        {
            Take(frame, viewers);
            Execute();
        }

        public void Execute()
        {
            var frame = _frame!;
            var end = Math.Min(_next + hub.Options.OfferBatchSize, _viewers.Length);
            for (var i = _next; i < end; i++)
            {
                _viewers[i].Offer(frame);
            }

            _next = end;
            if (end == _viewers.Length)
            {
                // Cleared before the hand-over: once it finds nothing waiting, the next Publish may Start this on
                // another thread, and nothing may be written here after that.
                Take(null, []);
                frame.Release();
                if (hub.TakeWaitingFrame(out var viewers) is not { } next)
                {
                    return;
                }

                Take(next, viewers);
            }

            // preferLocal false: the global queue is first in, first out, so the batch's writes run before this.
            ThreadPool.UnsafeQueueUserWorkItem(this, preferLocal: false);
        }

        private void Take(Frame? frame, Viewer[] viewers)
        {
            _frame = frame;
            _viewers = viewers;
            _next = 0;
        }
    }
}
