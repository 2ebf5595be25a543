using System.Buffers;
using Microsoft.AspNetCore.Connections;

namespace MjpegGateway.Transport;

/// <summary>
/// The gateway's memory pools: one shared <see cref="ResponsePool"/> of large blocks, which the layers above the socket
/// write responses into (<see cref="ResponseBlockPool"/>), and, for Kestrel's socket transport (which takes its pools
/// from <see cref="IMemoryPoolFactory{T}"/>), a <see cref="TransportMemoryPool"/> per I/O queue. Trims them all every
/// <see cref="TrimPeriod"/> on the injected clock, as Kestrel's own pool evicts idle blocks.
/// </summary>
internal sealed class TransportMemoryPoolFactory : IMemoryPoolFactory<byte>, IDisposable
{
    /// <summary>How often idle blocks are let go; Kestrel's pool uses the same 10 s.</summary>
    public static readonly TimeSpan TrimPeriod = TimeSpan.FromSeconds(10);

    private readonly List<WeakReference<TransportMemoryPool>> _transportPools = [];
    private readonly ITimer _trimTimer;

    /// <param name="blockSize">The response pool's block size (<see cref="StreamingTransportOptions.PoolBlockBytes"/>).</param>
    /// <param name="time">Clock of the trim timer.</param>
    public TransportMemoryPoolFactory(int blockSize, TimeProvider time)
    {
        ResponsePool = new FixedBlockMemoryPool(blockSize);
        _trimTimer = time.CreateTimer(static state => ((TransportMemoryPoolFactory)state!).TrimAll(), this, TrimPeriod, TrimPeriod);
    }

    /// <summary>Large blocks: what responses are written into, and what TLS records go out in.</summary>
    public FixedBlockMemoryPool ResponsePool { get; }

    /// <summary>What a writer to the socket transport asks for to get a large block (<see cref="TransportMemoryPool.LargeRentHint"/>).</summary>
    public int LargeRentHint => ResponsePool.MaxBufferSize > TransportMemoryPool.SmallBlockBytes ? TransportMemoryPool.SmallBlockBytes + 1 : 0;

    /// <summary>A pool for the socket transport: small blocks of its own, large ones from <see cref="ResponsePool"/>.</summary>
    public MemoryPool<byte> Create(MemoryPoolOptions? options = null)
    {
        var pool = new TransportMemoryPool(new FixedBlockMemoryPool(TransportMemoryPool.SmallBlockBytes), ResponsePool);
        lock (_transportPools)
        {
            _transportPools.RemoveAll(static reference => !reference.TryGetTarget(out _));
            _transportPools.Add(new WeakReference<TransportMemoryPool>(pool));
        }

        return pool;
    }

    /// <summary>The transport pools handed out and still alive (for tests and diagnostics).</summary>
    internal IReadOnlyList<TransportMemoryPool> LiveTransportPools
    {
        get
        {
            lock (_transportPools)
            {
                return [.. _transportPools.Select(static reference => reference.TryGetTarget(out var pool) ? pool : null).OfType<TransportMemoryPool>()];
            }
        }
    }

    public void Dispose() => _trimTimer.Dispose();

    private void TrimAll()
    {
        ResponsePool.Trim();
        foreach (var pool in LiveTransportPools)
        {
            pool.Small.Trim();
        }
    }
}
