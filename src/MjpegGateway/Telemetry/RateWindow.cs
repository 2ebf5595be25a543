using MjpegGateway.Cameras;

namespace MjpegGateway.Telemetry;

/// <summary>Samples of one feed's cumulative counts over a sliding window; the rate is the slope across it.</summary>
internal sealed class RateWindow(CameraFeed feed, int capacity)
{
    private readonly Queue<Sample> _samples = new(capacity + 1);

    /// <summary>The feed sampled; a feed replaced by a reload (new object) starts a new window.</summary>
    public CameraFeed Feed { get; } = feed;

    public FeedRate Rate { get; private set; }

    public void Add(long timestamp, long framesIn, ViewerTotals viewers, TimeProvider time)
    {
        _samples.Enqueue(new Sample(timestamp, framesIn, viewers.FramesSent, viewers.BytesSent));
        while (_samples.Count > capacity)
        {
            _samples.Dequeue();
        }

        var first = _samples.Peek();
        var seconds = time.GetElapsedTime(first.Timestamp, timestamp).TotalSeconds;
        if (seconds <= 0)
        {
            return;
        }

        // Counts only grow within one feed; Math.Max guards the rate against a counter that moved backwards.
        Rate = new FeedRate(
            Math.Max(0, framesIn - first.FramesIn) / seconds,
            Math.Max(0, viewers.FramesSent - first.FramesOut) / seconds,
            Math.Max(0, viewers.BytesSent - first.BytesOut) * 8 / seconds);
    }

    private readonly record struct Sample(long Timestamp, long FramesIn, long FramesOut, long BytesOut);
}
