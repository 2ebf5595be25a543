using System.Buffers;
using System.Collections.Concurrent;
using System.Runtime.InteropServices;

namespace MjpegGateway.Transport;

/// <summary>
/// A memory pool whose blocks are all <see cref="MaxBufferSize"/> bytes. Blocks are pinned arrays on the pinned object
/// heap, reused through a lock-free queue; <see cref="Trim"/> lets go of the blocks that stayed unused since the last
/// trim. <see cref="TransportMemoryPoolFactory"/> makes the gateway's pools from it.
/// </summary>
internal sealed class FixedBlockMemoryPool : MemoryPool<byte>
{
    private readonly ConcurrentQueue<Block> _free = new();
    private readonly int _blockSize;
    private int _freeCount;
    private long _allocated;
    private int _fewestFreeSinceTrim;
    private volatile bool _disposed;

    public FixedBlockMemoryPool(int blockSize)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(blockSize, 4096);
        _blockSize = blockSize;
    }

    public override int MaxBufferSize => _blockSize;

    /// <summary>Blocks held for reuse now.</summary>
    public int FreeBlocks => Volatile.Read(ref _freeCount);

    /// <summary>Blocks allocated since the pool was made (a rent the free blocks could not serve).</summary>
    public long AllocatedBlocks => Interlocked.Read(ref _allocated);

    public override IMemoryOwner<byte> Rent(int minBufferSize = -1)
    {
        // Pipes ask for at most MaxBufferSize and fall back to their own buffers above it, as with Kestrel's pool.
        ArgumentOutOfRangeException.ThrowIfGreaterThan(minBufferSize, _blockSize);
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_free.TryDequeue(out var block))
        {
            var free = Interlocked.Decrement(ref _freeCount);
            // A racy minimum is fine: it only decides how many idle blocks the next trim may release.
            if (free < Volatile.Read(ref _fewestFreeSinceTrim))
            {
                Volatile.Write(ref _fewestFreeSinceTrim, free);
            }

            return block;
        }

        Interlocked.Increment(ref _allocated);
        return new Block(this, GC.AllocateUninitializedArray<byte>(_blockSize, pinned: true));
    }

    /// <summary>
    /// Releases the blocks that were never needed since the previous trim (the fewest free seen in between), so a pool
    /// grown by a burst shrinks back within two trim periods once the burst is over.
    /// </summary>
    public void Trim()
    {
        var idle = Interlocked.Exchange(ref _fewestFreeSinceTrim, Volatile.Read(ref _freeCount));
        for (var i = 0; i < idle && _free.TryDequeue(out _); i++)
        {
            Interlocked.Decrement(ref _freeCount);
        }
    }

    protected override void Dispose(bool disposing)
    {
        _disposed = true;
        _free.Clear();
        Volatile.Write(ref _freeCount, 0);
    }

    private void Return(Block block)
    {
        if (_disposed)
        {
            return;
        }

        _free.Enqueue(block);
        Interlocked.Increment(ref _freeCount);
    }

    private sealed class Block(FixedBlockMemoryPool pool, byte[] array) : IMemoryOwner<byte>
    {
        // Created once from the pinned array, so Memory.Pin() by the socket costs nothing.
        public Memory<byte> Memory { get; } = MemoryMarshal.CreateFromPinnedArray(array, 0, array.Length);

        public void Dispose() => pool.Return(this);
    }
}
