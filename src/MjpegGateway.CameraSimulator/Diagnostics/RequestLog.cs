namespace MjpegGateway.CameraSimulator.Diagnostics;

/// <summary>The last <see cref="Capacity"/> requests received, oldest first. Outlives restarts.</summary>
internal sealed class RequestLog(StreamCounters counters)
{
    /// <summary>Bounded so a long benchmark run cannot grow memory without limit.</summary>
    public const int Capacity = 10_000;

    private readonly Queue<RecordedRequest> _requests = new();
    private readonly Lock _lock = new();

    public void Add(RecordedRequest request)
    {
        lock (_lock)
        {
            if (_requests.Count == Capacity)
            {
                _requests.Dequeue();
            }

            _requests.Enqueue(request);
        }

        // After the request is in the log, so a waiter woken by the count finds it in a snapshot.
        counters.RequestRecorded();
    }

    public IReadOnlyList<RecordedRequest> Snapshot()
    {
        lock (_lock)
        {
            return [.. _requests];
        }
    }
}
