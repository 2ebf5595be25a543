using System.Buffers;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Connections.Features;

namespace MjpegGateway.Transport;

/// <summary>
/// Connection middleware that hands the layers above the socket (Kestrel's HTTPS, HTTP/1.1 and HTTP/2 layers and the
/// zero-copy sender's pipe, which all take their pool from <see cref="IMemoryPoolFeature"/>) the gateway's response
/// pool of large blocks, instead of the socket transport's pool, which gives small blocks to small rents
/// (<see cref="TransportMemoryPool"/>).
/// </summary>
/// <remarks>
/// Those layers ask for 4 KB segments by default, and one segment there is one TLS record and one pipe segment, so
/// they must get the large blocks (<see cref="StreamingTransportOptions.PoolBlockBytes"/>). Must run before (outside)
/// every layer that reads the feature.
/// </remarks>
internal sealed class ResponseBlockPool(MemoryPool<byte> pool) : IMemoryPoolFeature
{
    public MemoryPool<byte> MemoryPool => pool;

    public Task OnConnectionAsync(ConnectionContext context, ConnectionDelegate next)
    {
        context.Features.Set<IMemoryPoolFeature>(this);
        return next(context);
    }
}
