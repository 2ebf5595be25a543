using System.IO.Pipelines;
using MjpegGateway.CameraSimulator.Diagnostics;
using MjpegGateway.CameraSimulator.Rendering;
using MjpegGateway.CameraSimulator.Vapix;

namespace MjpegGateway.CameraSimulator.Streaming;

/// <summary>
/// One live <c>video.cgi</c> stream: renders, frames and writes a part per timer tick until the client leaves,
/// the frame limit is reached or the simulator stops. Faults are re-read at every frame. With a frame loop
/// (<see cref="SimulatedCameraOptions.FrameLoopLength"/>) only the loop's frames are encoded; later parts repeat them.
/// </summary>
internal sealed class MjpegStreamSession(
    PipeWriter body,
    VapixImageRequest request,
    MultipartLayout layout,
    SimulatorFaults faults,
    StreamCounters counters,
    TimeProvider timeProvider,
    int targetFrameKb = 0,
    int frameLoopLength = 0)
{
    private const int BytesPerKb = 1024;

    public long FramesSent { get; private set; }

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        using var renderer = new FrameRenderer(request.Width, request.Height, request.Scene);
        using var composer = new MultipartPartComposer(layout);
        if (targetFrameKb > 0)
        {
            renderer.CalibrateNoise(targetFrameKb * BytesPerKb, request.Quality);
        }

        var loop = frameLoopLength > 0 ? new EncodedFrameLoop(frameLoopLength) : null;

        // PeriodicTimer does not queue missed ticks, so a slow reader gets fewer frames rather than a burst.
        using var timer = new PeriodicTimer(request.FrameInterval, timeProvider);
        do
        {
            if (faults.Stall)
            {
                continue; // the connection stays open, nothing is sent
            }

            var sequence = FramesSent + 1;
            var style = PartStyle.Capture(faults);
            if (loop is { IsFull: true })
            {
                composer.Compose(loop.FrameFor(sequence), sequence, style);
            }
            else
            {
                using var jpeg = renderer.RenderJpeg(timeProvider.GetLocalNow(), sequence, request.Quality);
                loop?.Keep(jpeg.AsSpan());
                composer.Compose(jpeg.AsSpan(), sequence, style);
            }

            // Stamped as late as possible so receivers measure network and gateway, not rendering.
            composer.StampSendTime(timeProvider.GetUtcNow());
            var result = await body.WriteAsync(composer.Part, cancellationToken);
            FramesSent = sequence;
            counters.FrameSent();
            if (result.IsCompleted || result.IsCanceled || (request.FrameLimit > 0 && FramesSent >= request.FrameLimit))
            {
                return;
            }
        }
        while (await timer.WaitForNextTickAsync(cancellationToken));
    }
}
