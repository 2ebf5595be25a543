using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using MjpegGateway.CameraSimulator.Diagnostics;
using MjpegGateway.CameraSimulator.Hosting;
using MjpegGateway.CameraSimulator.Streaming;

namespace MjpegGateway.CameraSimulator.Vapix;

/// <summary><c>GET /axis-cgi/mjpg/video.cgi</c>: an endless multipart/x-mixed-replace MJPEG stream.</summary>
internal sealed class VideoCgi(
    SimulatedCameraOptions options,
    SimulatorFaults faults,
    StreamCounters counters,
    TimeProvider timeProvider,
    IHostApplicationLifetime lifetime,
    ILoggerFactory loggerFactory)
{
    public const string Path = "/axis-cgi/mjpg/video.cgi";

    private const string BusyMessage = "Error: maximum number of simultaneous streams reached";

    private readonly ILogger _logger = loggerFactory.CreateLogger(SimulatorLog.Category);

    public async Task HandleAsync(HttpContext context)
    {
        var response = context.Response;
        if (faults.ForceStatus is { } forced)
        {
            await CameraTextResponse.WriteAsync(response, forced, $"Error: status {forced} forced by the simulator");
            return;
        }

        if (!VapixImageRequest.TryParse(context.Request.Query, options, out var request, out var error))
        {
            _logger.BadRequest(context.Request.Path, error);
            await CameraTextResponse.WriteAsync(response, StatusCodes.Status400BadRequest, error);
            return;
        }

        if (!counters.TryBeginStream(options.MaxStreams))
        {
            _logger.StreamRefusedBusy(options.MaxStreams);
            await CameraTextResponse.WriteAsync(response, StatusCodes.Status503ServiceUnavailable, BusyMessage);
            return;
        }

        using var streaming = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, lifetime.ApplicationStopping);
        var layout = MultipartLayout.Capture(options.Boundary, faults);
        var session = new MjpegStreamSession(response.BodyWriter, request, layout, faults, counters, timeProvider, options.TargetFrameKb, options.FrameLoopLength);
        try
        {
            response.StatusCode = StatusCodes.Status200OK;
            response.ContentType = layout.ContentType;
            response.Headers.CacheControl = "no-cache";
            response.Headers.Pragma = "no-cache";
            await response.StartAsync(streaming.Token);
            counters.StreamServed();
            _logger.StreamStarted(request.Width, request.Height, request.Fps, request.Compression, layout.ContentType);
            await session.RunAsync(streaming.Token);
        }
        catch (OperationCanceledException) when (streaming.IsCancellationRequested)
        {
            if (!context.RequestAborted.IsCancellationRequested)
            {
                context.Abort(); // simulator stopping: the camera vanishes mid-stream instead of ending it cleanly
            }
        }
        finally
        {
            counters.EndStream();
            _logger.StreamEnded(session.FramesSent);
        }
    }
}
