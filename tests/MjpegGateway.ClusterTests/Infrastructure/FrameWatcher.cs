using MjpegGateway.Tests.Infrastructure;

namespace MjpegGateway.ClusterTests.Infrastructure;

/// <summary>Reads one viewer's stream in the background and keeps when each frame arrived; the HTTP connection is never reopened.</summary>
public sealed class FrameWatcher : IAsyncDisposable
{
    private readonly MjpegStreamClient _stream;
    private readonly CancellationTokenSource _stop = new();
    private readonly List<DateTime> _arrivals = [];
    private long _lastSentMicros;
    private readonly Task _reading;

    public FrameWatcher(MjpegStreamClient stream)
    {
        _stream = stream;
        _reading = Task.Run(async () =>
        {
            while (await _stream.ReadFrameAsync(_stop.Token) is { } frame)
            {
                lock (_arrivals)
                {
                    _arrivals.Add(DateTime.UtcNow);
                    _lastSentMicros = Math.Max(_lastSentMicros, frame.SentUnixMicroseconds);
                }
            }

            Ended = true;
        });
    }

    /// <summary>True when the gateway ended the stream (the connection closed).</summary>
    public bool Ended { get; private set; }

    public bool GotFrameAfter(DateTime at)
    {
        lock (_arrivals)
        {
            return _arrivals.Count > 0 && _arrivals[^1] > at;
        }
    }

    /// <summary>True once a frame arrived that the camera sent after <paramref name="at"/> (its stamp, not its arrival).</summary>
    public bool GotFrameSentAfter(DateTimeOffset at)
    {
        lock (_arrivals)
        {
            return _lastSentMicros > (at - DateTimeOffset.UnixEpoch).Ticks / 10;
        }
    }

    public DateTime? FirstFrameAfter(DateTime at)
    {
        lock (_arrivals)
        {
            return _arrivals.Where(a => a > at).Cast<DateTime?>().FirstOrDefault();
        }
    }

    public async ValueTask DisposeAsync()
    {
        _stop.Cancel();
        await _stream.DisposeAsync();
        await _reading.ContinueWith(_ => { }, TaskScheduler.Default);
        _stop.Dispose();
    }
}
