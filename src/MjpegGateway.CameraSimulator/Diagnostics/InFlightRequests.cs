using System.Collections.Concurrent;
using Microsoft.AspNetCore.Http;

namespace MjpegGateway.CameraSimulator.Diagnostics;

/// <summary>Requests being served right now, so they can be aborted on demand (camera reboot, cable pulled).</summary>
internal sealed class InFlightRequests
{
    private readonly ConcurrentDictionary<long, HttpContext> _requests = new();
    private long _nextId;

    public long Add(HttpContext context)
    {
        var id = Interlocked.Increment(ref _nextId);
        _requests[id] = context;
        return id;
    }

    public void Remove(long id) => _requests.TryRemove(id, out _);

    /// <returns>How many requests were aborted.</returns>
    public int AbortAll()
    {
        var aborted = 0;
        foreach (var id in _requests.Keys)
        {
            if (_requests.TryRemove(id, out var context))
            {
                context.Abort();
                aborted++;
            }
        }

        return aborted;
    }
}
