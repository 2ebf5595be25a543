using System.Net.Security;
using System.Runtime.CompilerServices;
using Microsoft.AspNetCore.Server.Kestrel.Core.Features;
using Mjpeg.Fanout;
using Mjpeg.Frames;

namespace MjpegGateway.Transport;

/// <summary>
/// A viewer's parts encrypted by the connection's <see cref="SslStream"/> straight from the frame's pooled buffer, each
/// framed as one chunk of the response's chunked body (<see cref="Frame.ChunkedPart"/>): no copy into Kestrel's response
/// pipe, and one TLS write per frame. HTTPS/1.1 only (<c>StreamingTransport:DirectTlsWrites</c>); anything else keeps
/// <see cref="PipeViewerOutput"/>.
/// </summary>
/// <remarks>
/// Ordering: Kestrel's HTTPS layer writes a response to the same SslStream, but only inside a flush of the response
/// (its output is a <c>StreamPipeWriter</c>, which writes to the stream as it flushes and has no loop of its own). The
/// head's flush has completed before the first part is written, and Kestrel writes nothing more on this connection
/// until the stream's handler returns, after its last write: the body's last chunk. SslStream refuses overlapping
/// writes, so a break of that rule would fail loudly rather than interleave records.
/// </remarks>
internal sealed class DirectTlsViewerOutput : ViewerOutput
{
    private readonly SslStream _tls;
    private readonly FramePool _pool;

    private DirectTlsViewerOutput(SslStream tls, FramePool pool)
    {
        _tls = tls;
        _pool = pool;
    }

    /// <summary>
    /// Starts the response and, when this request can take the direct path (an HTTPS/1.1 GET with Kestrel's chunked
    /// body), flushes its head and returns the output; otherwise null.
    /// </summary>
    public static async ValueTask<ViewerOutput?> TryStartAsync(HttpContext context, FramePool pool)
    {
        if (!context.Request.IsHttps || !ChunkedStreamStart.IsCandidate(context.Request)
            || context.Features.Get<ISslStreamFeature>()?.SslStream is not { } tls)
        {
            return null;
        }

        return await ChunkedStreamStart.TryStartAsync(context) ? new DirectTlsViewerOutput(tls, pool) : null;
    }

    /// <inheritdoc/>
    public override ValueTask<bool> WritePreambleAsync(CancellationToken cancellationToken) => WriteAsync(_pool.ChunkedPreamble, cancellationToken);

    /// <inheritdoc/>
    public override ValueTask<bool> WriteAsync(Frame frame, CancellationToken cancellationToken) => WriteAsync(frame.ChunkedPart, cancellationToken);

    // Once per frame per viewer: pooled, so a write that waits for the socket allocates no state-machine box. A
    // cancelled write (a stall, or an aborted request) leaves a partial record behind; the connection is then dropped.
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<bool> WriteAsync(ReadOnlyMemory<byte> chunk, CancellationToken cancellationToken)
    {
        try
        {
            await _tls.WriteAsync(chunk, cancellationToken);
            return true;
        }
        catch (ObjectDisposedException)
        {
            return false;
        }
    }
}
