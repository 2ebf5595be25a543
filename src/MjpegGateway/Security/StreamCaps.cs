using System.Runtime.CompilerServices;
using System.Collections.Concurrent;
using Microsoft.Extensions.Options;

namespace MjpegGateway.Security;

/// <summary>
/// Counts open streams per subject and per client IP. Each reservation is a compare-and-swap below the cap,
/// so a burst of concurrent starts never overshoots; the returned slot frees itself once.
/// </summary>
public sealed class StreamCaps(IOptionsMonitor<StreamCapOptions> options)
{
    private readonly ConcurrentDictionary<string, StrongBox<int>> _bySubject = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, StrongBox<int>> _byIp = new(StringComparer.Ordinal);

    /// <summary>Why a reservation failed.</summary>
    public enum Rejection
    {
        /// <summary>Reserved.</summary>
        None,
        /// <summary>The subject holds its maximum of streams.</summary>
        Subject,
        /// <summary>The client IP holds its maximum of streams.</summary>
        Ip,
    }

    /// <summary>Streams held by <paramref name="subject"/>.</summary>
    public int StreamsOf(string subject) => _bySubject.TryGetValue(subject, out var box) ? Volatile.Read(ref box.Value) : 0;

    /// <summary>Reserves one stream for the subject (if any) and the IP; on failure nothing stays reserved.</summary>
    public Rejection TryReserve(string? subject, string ip, out IDisposable? slot)
    {
        slot = null;
        var limits = options.CurrentValue;
        StrongBox<int>? subjectBox = null;
        if (subject is not null)
        {
            subjectBox = _bySubject.GetOrAdd(subject, static _ => new StrongBox<int>());
            if (!TryIncrementBelow(subjectBox, limits.MaxStreamsPerSubject))
            {
                return Rejection.Subject;
            }
        }

        var ipBox = _byIp.GetOrAdd(ip, static _ => new StrongBox<int>());
        if (!TryIncrementBelow(ipBox, limits.MaxStreamsPerIp))
        {
            if (subjectBox is not null)
            {
                Interlocked.Decrement(ref subjectBox.Value);
            }

            return Rejection.Ip;
        }

        slot = new Slot(subjectBox, ipBox);
        return Rejection.None;
    }

    // Counters stay in the dictionaries at zero: removing them races with a concurrent GetOrAdd, and the
    // number of distinct subjects and IPs that ever streamed is small next to the cost of a wrong count.
    private static bool TryIncrementBelow(StrongBox<int> box, int limit)
    {
        while (true)
        {
            var current = Volatile.Read(ref box.Value);
            if (current >= limit)
            {
                return false;
            }

            if (Interlocked.CompareExchange(ref box.Value, current + 1, current) == current)
            {
                return true;
            }
        }
    }

    private sealed class Slot(StrongBox<int>? subject, StrongBox<int> ip) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
            {
                if (subject is not null)
                {
                    Interlocked.Decrement(ref subject.Value);
                }

                Interlocked.Decrement(ref ip.Value);
            }
        }
    }
}
