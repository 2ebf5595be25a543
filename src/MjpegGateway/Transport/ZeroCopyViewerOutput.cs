using System.Runtime.CompilerServices;
using Microsoft.AspNetCore.Http.Features;
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
    private readonly ReadOnlyMemory<byte> _chunkedPreamble;

    private ZeroCopyViewerOutput(IZeroCopySendFeature connection, ReadOnlyMemory<byte> chunkedPreamble)
    {
        _connection = connection;
        _chunkedPreamble = chunkedPreamble;
    }

    /// <summary>
    /// Starts the response and, when this request can take the zero-copy path, flushes its head to the socket and returns
    /// the output; otherwise null (TLS, HTTP/2, HTTP/1.0, a body that is not chunked, or the feature switched off).
    /// </summary>
    public static async ValueTask<ViewerOutput?> TryStartAsync(HttpContext context, FramePool pool)
    {
        var request = context.Request;
        if (request.IsHttps || !HttpMethods.IsGet(request.Method) || !HttpProtocol.IsHttp11(request.Protocol)
            || context.Features.Get<IZeroCopySendFeature>() is not { IsAvailable: true } connection)
        {
            return null;
        }

        var response = context.Response;
        await response.StartAsync(context.RequestAborted);
        // Kestrel chunks an HTTP/1.1 body of unknown length; the parts carry the same framing. Anything else (a body
        // transformed by middleware, a length) keeps the response pipe.
        if (response.ContentLength is not null || response.Headers.TransferEncoding != "chunked"
            || context.Features.Get<IHttpResponseBodyFeature>()?.GetType().Assembly != typeof(Microsoft.AspNetCore.Server.Kestrel.Core.KestrelServer).Assembly)
        {
            return null;
        }

        // The head must be in the connection's pipe; the first send waits until the pipe has reached the socket.
        await response.BodyWriter.FlushAsync(context.RequestAborted);
        return new ZeroCopyViewerOutput(connection, pool.ChunkedPreamble);
    }

    /// <inheritdoc/>
    public override ValueTask<bool> WritePreambleAsync(CancellationToken cancellationToken) => SendAsync(_chunkedPreamble, cancellationToken);

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
