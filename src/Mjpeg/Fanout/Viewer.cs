using System.Runtime.CompilerServices;
using System.Buffers;
using System.IO.Pipelines;
using System.Threading.Channels;
using Mjpeg.Frames;

namespace Mjpeg.Fanout;

/// <summary>
/// One watcher of a <see cref="FrameHub"/>: a small bounded queue that drops its oldest frame
/// when full, and a writer loop that copies queued frames to the viewer's response.
/// The hub only ever calls <see cref="Offer"/>, which never waits.
/// </summary>
public sealed class Viewer : IDisposable
{
    /// <summary>
    /// The default of <see cref="ViewerOptions.WriteSliceBytes"/>: 0, each part in one write, so one flush and one
    /// socket send per frame. Kestrel copies a write into 4 KB pool blocks and sends them with one gather write; a
    /// 90 KB part is 23 blocks, and on Unix System.Net.Sockets allocates two small arrays for a send of more than 8
    /// buffers (≈ 0.6 KB a send: garbage, not held memory). Writing 24 KB slices avoided that but cost a flush, a
    /// send and a wake-up of the receiving socket per slice: 4 per 90 KB frame, and the wake-ups were a fifth of the
    /// gateway's CPU. Whole parts cost 10–35 % less CPU per delivered GB over plain HTTP and about half over HTTPS
    /// (300 viewers of a 90 KB camera, docs/benchmarks.md, issue 10). Set a slice size to cap what one write copies.
    /// </summary>
    public const int DefaultWriteSliceBytes = 0;

    private readonly Channel<Frame> _queue;
    private readonly TimeProvider _time;
    private readonly CancellationTokenSource _ended = new();
    // Cancelled only when the viewer stalls. Kestrel resets a connection whose pending write is cancelled, so a
    // deliberate end (kick, drain, expiry) must not cancel the write in flight: it lets it finish and stops before the
    // next part, and the response ends cleanly.
    private readonly CancellationTokenSource _writesAborted = new();
    private readonly long _minFrameIntervalTicks;
    private long _writeStartedTimestamp;
    private long _framesSent;
    private long _framesDroppedSlow;
    private long _framesSkippedFps;
    private long _bytesSent;
    private long _lastLatencyTicks;
    private int _endReason;

    internal Viewer(FrameHub hub, ViewerOptions options, TimeProvider time)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(options.QueueCapacity, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(options.WriteSliceBytes);
        Hub = hub;
        Options = options;
        _time = time;
        StartedAt = time.GetUtcNow();
        _minFrameIntervalTicks = options.MaxFps is double fps && fps > 0
            ? (long)(time.TimestampFrequency / fps)
            : 0;
        _queue = Channel.CreateBounded<Frame>(
            new BoundedChannelOptions(options.QueueCapacity)
            {
                FullMode = BoundedChannelFullMode.DropOldest,
                SingleReader = true,
                SingleWriter = false,
                AllowSynchronousContinuations = false,
            },
            OnDropped);
    }

    /// <summary>The hub this viewer watches.</summary>
    public FrameHub Hub { get; }

    /// <summary>Settings chosen at stream start.</summary>
    public ViewerOptions Options { get; }

    /// <summary>When the viewer joined.</summary>
    public DateTimeOffset StartedAt { get; }

    /// <summary>Frames fully handed to the response.</summary>
    public long FramesSent => Interlocked.Read(ref _framesSent);

    /// <summary>Frames lost because the viewer was slower than the camera.</summary>
    public long FramesDroppedSlow => Interlocked.Read(ref _framesDroppedSlow);

    /// <summary>Frames skipped on purpose to honour <see cref="ViewerOptions.MaxFps"/>.</summary>
    public long FramesSkippedFps => Interlocked.Read(ref _framesSkippedFps);

    /// <summary>Bytes handed to the response.</summary>
    public long BytesSent => Interlocked.Read(ref _bytesSent);

    /// <summary>Time from the last sent frame's arrival from the camera to its write completing.</summary>
    public TimeSpan LastLatency => _time.GetElapsedTime(0, Interlocked.Read(ref _lastLatencyTicks));

    /// <summary>Why the viewer ended, or <see cref="ViewerEndReason.None"/> while it runs.</summary>
    public ViewerEndReason EndReason => (ViewerEndReason)Volatile.Read(ref _endReason);

    /// <summary>Raised after each completed write with its delivery latency (camera arrival to write done).</summary>
    public event Action<Viewer, TimeSpan>? FrameSent;

    /// <summary>Queues a frame without waiting. Takes its own reference; the caller keeps its own.</summary>
    public bool Offer(Frame frame)
    {
        frame.AddRef();
        if (_queue.Writer.TryWrite(frame))
        {
            return true;
        }

        frame.Release();
        return false;
    }

    /// <summary>
    /// Writes queued frames to <paramref name="output"/> through the server's response pipe; see
    /// <see cref="PumpAsync(ViewerOutput, CancellationToken)"/>.
    /// </summary>
    public Task<ViewerEndReason> PumpAsync(PipeWriter output, ReadOnlyMemory<byte> preamble, CancellationToken cancellationToken) =>
        PumpAsync(new PipeViewerOutput(output, preamble, Options.WriteSliceBytes), cancellationToken);

    /// <summary>
    /// Writes queued frames to <paramref name="output"/> until the client goes away, the viewer is ended,
    /// or <paramref name="cancellationToken"/> (the request's abort token) fires.
    /// </summary>
    public async Task<ViewerEndReason> PumpAsync(ViewerOutput output, CancellationToken cancellationToken)
    {
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _ended.Token);
        var token = linked.Token;
        using var writesLinked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _writesAborted.Token);
        var writeToken = writesLinked.Token;
        long nextDue = 0;
        try
        {
            if (!await WriteAsync(output, null, writeToken).ConfigureAwait(false))
            {
                return SetEnd(ViewerEndReason.ClientGone);
            }

            var reader = _queue.Reader;
            // Waiting with a cancellable token would allocate a waiter and a registration for every frame; waiting
            // without one reuses the channel's single-reader waiter. Cancellation still ends the wait: it completes
            // the queue, and the state of the token tells why the loop stopped.
            using var wake = token.UnsafeRegister(static queue => ((Channel<Frame>)queue!).Writer.TryComplete(), _queue);
            while (await reader.WaitToReadAsync(CancellationToken.None).ConfigureAwait(false))
            {
                while (reader.TryRead(out var frame))
                {
                    try
                    {
                        // Frames may still be queued after cancellation completed the queue: write none of them.
                        token.ThrowIfCancellationRequested();
                        if (_minFrameIntervalTicks > 0 && !IsDue(frame.ArrivedTimestamp, ref nextDue))
                        {
                            Interlocked.Increment(ref _framesSkippedFps);
                            continue;
                        }

                        if (!await WriteAsync(output, frame, writeToken).ConfigureAwait(false))
                        {
                            return SetEnd(ViewerEndReason.ClientGone);
                        }

                        var latency = _time.GetTimestamp() - frame.ArrivedTimestamp;
                        Interlocked.Exchange(ref _lastLatencyTicks, latency);
                        Interlocked.Increment(ref _framesSent);
                        Interlocked.Add(ref _bytesSent, frame.Part.Length);
                        FrameSent?.Invoke(this, _time.GetElapsedTime(0, latency));
                    }
                    finally
                    {
                        frame.Release();
                    }
                }
            }

            if (token.IsCancellationRequested)
            {
                return SetEnd(_ended.IsCancellationRequested ? ViewerEndReason.Ended : ViewerEndReason.ClientGone);
            }

            return SetEnd(ViewerEndReason.HubClosed);
        }
        catch (OperationCanceledException)
        {
            return SetEnd(_ended.IsCancellationRequested ? ViewerEndReason.Ended : ViewerEndReason.ClientGone);
        }
        catch (IOException)
        {
            // Kestrel surfaces a reset connection as an IOException from the flush.
            return SetEnd(ViewerEndReason.ClientGone);
        }
        finally
        {
            Volatile.Write(ref _writeStartedTimestamp, 0);
        }
    }

    /// <summary>Ends the viewer: its pump stops and the host closes the response.</summary>
    public void End(ViewerEndReason reason)
    {
        SetEnd(reason);
        _queue.Writer.TryComplete();
        _ended.Cancel();
        if (reason == ViewerEndReason.Stalled)
        {
            _writesAborted.Cancel();
        }
    }

    /// <summary>True once a stall has cancelled this viewer's writes.</summary>
    public bool WritesAborted => _writesAborted.IsCancellationRequested;

    /// <summary>True when a write has been pending longer than <paramref name="stallTimeout"/>.</summary>
    public bool IsStalled(long nowTimestamp, TimeSpan stallTimeout)
    {
        var started = Volatile.Read(ref _writeStartedTimestamp);
        return started != 0 && _time.GetElapsedTime(started, nowTimestamp) > stallTimeout;
    }

    /// <summary>Leaves the hub and releases every frame still queued.</summary>
    public void Dispose()
    {
        Hub.Remove(this);
        _queue.Writer.TryComplete();
        while (_queue.Reader.TryRead(out var frame))
        {
            frame.Release();
        }
    }

    // The preamble (frame null) or one part. The stall clock runs while the write is pending.
    // Once per frame per viewer: pooled, so a send that waits for the socket allocates no state-machine box.
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<bool> WriteAsync(ViewerOutput output, Frame? frame, CancellationToken token)
    {
        Volatile.Write(ref _writeStartedTimestamp, _time.GetTimestamp());
        var written = frame is null
            ? await output.WritePreambleAsync(token).ConfigureAwait(false)
            : await output.WriteAsync(frame, token).ConfigureAwait(false);
        Volatile.Write(ref _writeStartedTimestamp, 0);
        return written;
    }

    // Credit-based pacing: over time exactly MaxFps frames pass, whatever the camera's own rate.
    private bool IsDue(long arrived, ref long nextDue)
    {
        if (nextDue == 0 || arrived - nextDue > _minFrameIntervalTicks)
        {
            nextDue = arrived + _minFrameIntervalTicks;
            return true;
        }

        if (arrived >= nextDue)
        {
            nextDue += _minFrameIntervalTicks;
            return true;
        }

        return false;
    }

    private ViewerEndReason SetEnd(ViewerEndReason reason)
    {
        Interlocked.CompareExchange(ref _endReason, (int)reason, (int)ViewerEndReason.None);
        return EndReason;
    }

    private void OnDropped(Frame frame)
    {
        frame.Release();
        Interlocked.Increment(ref _framesDroppedSlow);
    }
}
