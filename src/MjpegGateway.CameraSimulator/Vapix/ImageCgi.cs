using System.Buffers;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using MjpegGateway.CameraSimulator.Diagnostics;
using MjpegGateway.CameraSimulator.Hosting;
using MjpegGateway.CameraSimulator.Rendering;

namespace MjpegGateway.CameraSimulator.Vapix;

/// <summary><c>GET /axis-cgi/jpg/image.cgi</c>: one JPEG snapshot, stamped like stream frames.</summary>
internal sealed class ImageCgi(SimulatedCameraOptions options, SimulatorFaults faults, TimeProvider timeProvider, ILoggerFactory loggerFactory)
{
    public const string Path = "/axis-cgi/jpg/image.cgi";

    private const string JpegContentType = "image/jpeg";

    private readonly ILogger _logger = loggerFactory.CreateLogger(SimulatorLog.Category);
    private long _snapshots;

    public async Task HandleAsync(HttpContext context)
    {
        if (!VapixImageRequest.TryParse(context.Request.Query, options, out var request, out var error))
        {
            _logger.BadRequest(context.Request.Path, error);
            await CameraTextResponse.WriteAsync(context.Response, StatusCodes.Status400BadRequest, error);
            return;
        }

        var buffer = Render(request, Interlocked.Increment(ref _snapshots), out var length);
        try
        {
            var response = context.Response;
            response.ContentType = JpegContentType;
            response.ContentLength = length;
            response.Headers.CacheControl = "no-cache";
            await response.Body.WriteAsync(buffer.AsMemory(0, length), context.RequestAborted);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private byte[] Render(VapixImageRequest request, long sequence, out int length)
    {
        using var renderer = new FrameRenderer(request.Width, request.Height, request.Scene);
        using var jpeg = renderer.RenderJpeg(timeProvider.GetLocalNow(), sequence, request.Quality);
        var extraSegment = faults.ExifThumbnail ? ExifThumbnail.Segment : [];
        length = StampedJpeg.GetLength((int)jpeg.Size, extraSegment.Length);
        var buffer = ArrayPool<byte>.Shared.Rent(length);
        var timestampOffset = StampedJpeg.Write(jpeg.AsSpan(), sequence, extraSegment, buffer);
        FrameStamp.PatchTimestamp(buffer.AsSpan(timestampOffset), FrameStamp.ToUnixMicroseconds(timeProvider.GetUtcNow()));
        return buffer;
    }
}
