using Microsoft.Extensions.Options;

namespace MjpegGateway.Security;

/// <summary>
/// Counts open streams per subject and per client IP. A reservation checks and takes both slots under one lock, so a
/// burst of concurrent starts never overshoots; counts that drop to zero are removed, so clients cannot grow the table
/// by coming from ever new addresses. Stream starts are rare next to frames, so a lock is cheap here.
/// </summary>
public sealed class StreamCaps(IOptionsMonitor<StreamCapOptions> options)
{
    private readonly object _gate = new();
    private readonly Dictionary<string, int> _bySubject = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _byIp = new(StringComparer.Ordinal);

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

    /// <summary>Distinct subjects and IPs holding streams now; for tests and diagnostics.</summary>
    internal int TrackedCallers
    {
        get
        {
            lock (_gate)
            {
                return _bySubject.Count + _byIp.Count;
            }
        }
    }

    /// <summary>Reserves one stream for the subject (if any) and the IP; on failure nothing is reserved.</summary>
    public Rejection TryReserve(string? subject, string ip, out IDisposable? slot)
    {
        slot = null;
        var limits = options.CurrentValue;
        lock (_gate)
        {
            if (subject is not null && _bySubject.GetValueOrDefault(subject) >= limits.MaxStreamsPerSubject)
            {
                return Rejection.Subject;
            }

            if (_byIp.GetValueOrDefault(ip) >= limits.MaxStreamsPerIp)
            {
                return Rejection.Ip;
            }

            if (subject is not null)
            {
                _bySubject[subject] = _bySubject.GetValueOrDefault(subject) + 1;
            }

            _byIp[ip] = _byIp.GetValueOrDefault(ip) + 1;
        }

        slot = new Slot(this, subject, ip);
        return Rejection.None;
    }

    private void Release(string? subject, string ip)
    {
        lock (_gate)
        {
            if (subject is not null)
            {
                Decrement(_bySubject, subject);
            }

            Decrement(_byIp, ip);
        }
    }

    private static void Decrement(Dictionary<string, int> counts, string key)
    {
        var left = counts[key] - 1;
        if (left == 0)
        {
            counts.Remove(key);
        }
        else
        {
            counts[key] = left;
        }
    }

    private sealed class Slot(StreamCaps owner, string? subject, string ip) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
            {
                owner.Release(subject, ip);
            }
        }
    }
}
