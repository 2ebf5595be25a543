using Microsoft.Extensions.Options;
using MjpegGateway.Configuration;

namespace MjpegGateway.Security;

/// <summary>
/// The in-process stream caps: open streams per subject, per client IP, per camera and in the gateway. A reservation
/// checks and takes all four under one lock, so a burst of concurrent starts never overshoots; per-key counts that drop
/// to zero are removed, so clients cannot grow the tables by coming from ever new addresses. Stream starts are rare
/// next to frames, so a lock is cheap here.
/// </summary>
public sealed class StreamCaps(IOptionsMonitor<StreamCapOptions> options, GatewaySettings settings) : IStreamCaps
{
    private readonly object _gate = new();
    private readonly Dictionary<string, int> _bySubject = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _byIp = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _byCamera = new(StringComparer.Ordinal);
    private int _total;

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

    /// <summary>Streams held in the whole gateway now.</summary>
    internal int Total
    {
        get
        {
            lock (_gate)
            {
                return _total;
            }
        }
    }

    /// <inheritdoc />
    public ValueTask<StreamCapResult> TryReserveAsync(StreamCapRequest request, CancellationToken cancellationToken) =>
        ValueTask.FromResult(TryReserve(request));

    /// <summary>Reserves one stream for the subject (if any), the IP, the camera and the gateway; on failure nothing is reserved.</summary>
    public StreamCapResult TryReserve(StreamCapRequest request)
    {
        // Read per request: edited limits apply to new streams.
        var limits = options.CurrentValue;
        var maxTotal = settings.Current.MaxViewersTotal;
        var (subject, ip, camera, maxCamera) = request;
        lock (_gate)
        {
            var rejection =
                subject is not null && _bySubject.GetValueOrDefault(subject) >= limits.MaxStreamsPerSubject ? StreamCapRejection.Subject
                : _byIp.GetValueOrDefault(ip) >= limits.MaxStreamsPerIp ? StreamCapRejection.Ip
                : _total >= maxTotal ? StreamCapRejection.Gateway
                : _byCamera.GetValueOrDefault(camera) >= maxCamera ? StreamCapRejection.Camera
                : StreamCapRejection.None;
            if (rejection != StreamCapRejection.None)
            {
                return new StreamCapResult(rejection, null);
            }

            if (subject is not null)
            {
                _bySubject[subject] = _bySubject.GetValueOrDefault(subject) + 1;
            }

            _byIp[ip] = _byIp.GetValueOrDefault(ip) + 1;
            _byCamera[camera] = _byCamera.GetValueOrDefault(camera) + 1;
            _total++;
        }

        return new StreamCapResult(StreamCapRejection.None, new Slot(this, request));
    }

    private void Release(StreamCapRequest request)
    {
        lock (_gate)
        {
            if (request.Subject is not null)
            {
                Decrement(_bySubject, request.Subject);
            }

            Decrement(_byIp, request.ClientIp);
            Decrement(_byCamera, request.CameraId);
            _total--;
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

    private sealed class Slot(StreamCaps owner, StreamCapRequest request) : IAsyncDisposable
    {
        private int _released;

        public ValueTask DisposeAsync()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
            {
                owner.Release(request);
            }

            return ValueTask.CompletedTask;
        }
    }
}
