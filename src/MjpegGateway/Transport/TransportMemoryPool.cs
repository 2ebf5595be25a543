using System.Buffers;

namespace MjpegGateway.Transport;

/// <summary>
/// The socket transport's pool: a rent of up to <see cref="SmallBlockBytes"/> (what Kestrel's receive loop and its
/// pipes' default segments ask for) gets a small block of its own; a larger rent (room for a TLS record, asked for by
/// <see cref="Tls.TlsRecordCoalescing"/>) gets a block of the shared response pool.
/// </summary>
/// <remarks>
/// A viewer never sends after its request, and the receive its connection leaves posted often keeps its block for
/// the connection's life (docs/benchmarks.md, "Why Kestrel's socket loop keeps a 16 KB block on an idle HTTPS
/// connection"): that block is now 4 KB. Records still go out in large blocks, so a 90 KB frame is one send of about
/// 7 buffers; with 4 KB blocks it would be 23, and a send of more than 8 buffers allocates its gather list each time.
/// </remarks>
/// <param name="small">Blocks of <see cref="SmallBlockBytes"/>, owned by this pool.</param>
/// <param name="large">The shared response pool; not disposed with this one.</param>
internal sealed class TransportMemoryPool(FixedBlockMemoryPool small, FixedBlockMemoryPool large) : MemoryPool<byte>
{
    /// <summary>The small blocks' size: Kestrel's own block size, and what its pipes ask for by default.</summary>
    public const int SmallBlockBytes = 4096;

    public override int MaxBufferSize => large.MaxBufferSize;

    internal FixedBlockMemoryPool Small => small;

    public override IMemoryOwner<byte> Rent(int minBufferSize = -1) =>
        minBufferSize <= small.MaxBufferSize ? small.Rent(minBufferSize) : large.Rent(minBufferSize);

    protected override void Dispose(bool disposing) => small.Dispose();
}
