using System.Buffers;
using Microsoft.AspNetCore.Connections;

namespace MjpegGateway.Transport;

/// <summary>
/// Hands Kestrel (its socket transport, HTTPS and HTTP/2 layers all take their pool from
/// <see cref="IMemoryPoolFactory{T}"/>) pools of <see cref="LargeBlockMemoryPool"/>, and trims them every
/// <see cref="TrimPeriod"/> on the injected clock, as Kestrel's own pool evicts idle blocks.
/// </summary>
internal sealed class LargeBlockMemoryPoolFactory : IMemoryPoolFactory<byte>, IDisposable
{
    /// <summary>How often idle blocks are let go; Kestrel's pool uses the same 10 s.</summary>
    public static readonly TimeSpan TrimPeriod = TimeSpan.FromSeconds(10);

    private readonly List<WeakReference<LargeBlockMemoryPool>> _pools = [];
    private readonly int _blockSize;
    private readonly ITimer _trimTimer;

    public LargeBlockMemoryPoolFactory(int blockSize, TimeProvider time)
    {
        _blockSize = blockSize;
        _trimTimer = time.CreateTimer(static state => ((LargeBlockMemoryPoolFactory)state!).TrimAll(), this, TrimPeriod, TrimPeriod);
    }

    public MemoryPool<byte> Create(MemoryPoolOptions? options = null)
    {
        var pool = new LargeBlockMemoryPool(_blockSize);
        lock (_pools)
        {
            _pools.RemoveAll(static reference => !reference.TryGetTarget(out _));
            _pools.Add(new WeakReference<LargeBlockMemoryPool>(pool));
        }

        return pool;
    }

    /// <summary>The pools handed out and still alive (for tests and diagnostics).</summary>
    internal IReadOnlyList<LargeBlockMemoryPool> LivePools
    {
        get
        {
            lock (_pools)
            {
                return [.. _pools.Select(static reference => reference.TryGetTarget(out var pool) ? pool : null).OfType<LargeBlockMemoryPool>()];
            }
        }
    }

    public void Dispose() => _trimTimer.Dispose();

    private void TrimAll()
    {
        lock (_pools)
        {
            foreach (var reference in _pools)
            {
                if (reference.TryGetTarget(out var pool))
                {
                    pool.Trim();
                }
            }
        }
    }
}
