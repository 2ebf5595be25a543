using Microsoft.AspNetCore.Http.Features;

namespace MjpegGateway.Transport;

/// <summary>
/// Starts a stream's response for a write path that bypasses Kestrel's response pipe: the parts then go out framed as
/// chunks of Kestrel's own chunked HTTP/1.1 body (<see cref="Mjpeg.Frames.Frame.ChunkedPart"/>).
/// </summary>
internal static class ChunkedStreamStart
{
    /// <summary>Whether the request can take such a path at all: an HTTP/1.1 GET.</summary>
    public static bool IsCandidate(HttpRequest request) => HttpMethods.IsGet(request.Method) && HttpProtocol.IsHttp11(request.Protocol);

    /// <summary>
    /// Starts the response and flushes its head, and tells whether the body is Kestrel's own chunked body, so that
    /// chunks written after the head bypassing the pipe are what the client expects next. False leaves a started
    /// response for the response pipe (a length, or a body transformed by middleware).
    /// </summary>
    public static async ValueTask<bool> TryStartAsync(HttpContext context)
    {
        var response = context.Response;
        await response.StartAsync(context.RequestAborted);
        if (response.ContentLength is not null || response.Headers.TransferEncoding != "chunked"
            || context.Features.Get<IHttpResponseBodyFeature>()?.GetType().Assembly != typeof(Microsoft.AspNetCore.Server.Kestrel.Core.KestrelServer).Assembly)
        {
            return false;
        }

        // Once this flush completes the head is in the connection's output, ahead of anything written after it.
        await response.BodyWriter.FlushAsync(context.RequestAborted);
        return true;
    }
}
