namespace MjpegGateway.Cluster;

/// <summary>
/// One holding of a <see cref="CameraLease"/>: renewed every quarter of the lease duration while it lasts. <see cref="Lost"/>
/// fires when another node holds the lease, or when three quarters of the duration passed since the last renewal was sent
/// (Redis unreachable): the holder stops pulling from the camera before the lease can lapse and another node take it.
/// Disposing stops the renewals and gives the lease back.
/// </summary>
public sealed class LeaseTerm : IAsyncDisposable
{
    private readonly CameraLease _lease;
    private readonly CancellationTokenSource _lost;
    private readonly CancellationTokenSource _ended = new();
    private readonly Task _renewing;
    private int _disposed;
    private int _takenOver;

    internal LeaseTerm(CameraLease lease, long sentTimestamp)
    {
        _lease = lease;
        _lost = new CancellationTokenSource(SafeFor(sentTimestamp), lease.Time);
        _lost.Token.UnsafeRegister(static s => ((LeaseTerm)s!).OnLost(), this);
        _renewing = RenewAsync();
    }

    /// <summary>Cancelled when this node must stop acting as the owner.</summary>
    public CancellationToken Lost => _lost.Token;

    /// <summary>True while the term holds.</summary>
    public bool IsHeld => !_lost.IsCancellationRequested && Volatile.Read(ref _disposed) == 0;

    private TimeSpan SafeFor(long sentTimestamp)
    {
        var left = _lease.Duration * 0.75 - _lease.Time.GetElapsedTime(sentTimestamp);
        return left > TimeSpan.Zero ? left : TimeSpan.Zero;
    }

    private async Task RenewAsync()
    {
        var interval = _lease.Duration / 4;
        while (!_ended.IsCancellationRequested && !_lost.IsCancellationRequested)
        {
            await Task.Delay(interval, _lease.Time, _ended.Token).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            if (_ended.IsCancellationRequested || _lost.IsCancellationRequested)
            {
                return;
            }

            var sent = _lease.Time.GetTimestamp();
            try
            {
                if (!await _lease.TryRenewAsync().ConfigureAwait(false))
                {
                    _lease.Metrics.LeaseChanged(_lease.Feed, "lost");
                    ClusterLog.LeaseChanged(_lease.Logger, _lease.Feed, "lost: held by another node");
                    Volatile.Write(ref _takenOver, 1);
                    _lost.Cancel();
                    return;
                }

                _lost.CancelAfter(SafeFor(sent));
            }
            catch (RedisUnavailableException)
            {
                // The deadline set at the last renewal stands; it fires before the lease can lapse.
            }
            catch (ObjectDisposedException)
            {
                return;
            }
        }
    }

    private void OnLost()
    {
        if (Volatile.Read(ref _disposed) == 0 && Volatile.Read(ref _takenOver) == 0)
        {
            _lease.Metrics.LeaseChanged(_lease.Feed, "expiring");
            ClusterLog.LeaseExpiring(_lease.Logger, _lease.Feed);
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        _ended.Cancel();
        await _renewing.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        _lost.Dispose();
        _ended.Dispose();
        // Compare-and-delete: harmless when another node took it meanwhile.
        await _lease.ReleaseAsync().ConfigureAwait(false);
    }
}
