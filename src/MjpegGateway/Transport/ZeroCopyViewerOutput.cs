using System.Runtime.CompilerServices;
using Mjpeg.Fanout;
using Mjpeg.Frames;

namespace MjpegGateway.Transport;

/// <summary>
/// A viewer's parts sent from the frame's own pooled buffer to the connection's socket, each framed as one chunk of the
/// response's chunked body (<see cref="Frame.ChunkedPart"/>): no copy per viewer, one send per frame.
/// Plain HTTP/1.1 only; anything else keeps <see cref="PipeViewerOutput"/>.
/// </summary>
internal sealed class ZeroCopyViewerOutput : ViewerOutput
{
    private readonly IZeroCopySendFeature _connection;
    private readonly FramePool _pool;

    private ZeroCopyViewerOutput(IZeroCopySendFeature connection, FramePool pool)
    {
        _connection = connection;
        _pool = pool;
    }

    /// <summary>
    /// Starts the response and, when this request can take the zero-copy path, flushes its head to the socket and returns
    /// the output; otherwise null (TLS, HTTP/2, HTTP/1.0, a body that is not chunked, or the feature switched off).
    /// </summary>
    public static async ValueTask<ViewerOutput?> TryStartAsync(HttpContext context, FramePool pool)
    {
        if (context.Request.IsHttps || !ChunkedStreamStart.IsCandidate(context.Request)
            || context.Features.Get<IZeroCopySendFeature>() is not { IsAvailable: true } connection)
        {
            return null;
        }

        // The first send waits until the head has left the connection's pipe for the socket.
        return await ChunkedStreamStart.TryStartAsync(context) ? new ZeroCopyViewerOutput(connection, pool) : null;
    }

    /// <inheritdoc/>
    public override ValueTask<bool> WritePreambleAsync(CancellationToken cancellationToken) => SendAsync(_pool.ChunkedPreamble, cancellationToken);

    /// <inheritdoc/>
    public override ValueTask<bool> WriteAsync(Frame frame, CancellationToken cancellationToken) => SendAsync(frame.ChunkedPart, cancellationToken);

    // Once per frame per viewer: pooled, so a send that waits for the socket allocates no state-machine box.
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<bool> SendAsync(ReadOnlyMemory<byte> chunk, CancellationToken cancellationToken)
    {
        try
        {
            await _connection.SendAsync(chunk, cancellationToken);
            return true;
        }
        catch (IOException)
        {
            return false;
        }
    }
}
