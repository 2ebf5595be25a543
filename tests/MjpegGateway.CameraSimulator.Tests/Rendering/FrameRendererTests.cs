using System.Diagnostics;
using MjpegGateway.CameraSimulator.Rendering;
using Xunit.Abstractions;

namespace MjpegGateway.CameraSimulator.Tests.Rendering;

public sealed class FrameRendererTests(ITestOutputHelper output)
{
    private const int Frames = 60;

    [Theory]
    [InlineData(640, 360)]
    [InlineData(1280, 720)]
    public void Frames_are_real_compressible_jpegs_that_change(int width, int height)
    {
        using var renderer = new FrameRenderer(width, height);
        var start = DateTimeOffset.UtcNow;
        using var warmup = renderer.RenderJpeg(start, 0, 70);

        var sizes = new List<long>();
        byte[]? previous = null;
        var watch = Stopwatch.StartNew();
        for (var i = 1; i <= Frames; i++)
        {
            using var jpeg = renderer.RenderJpeg(start.AddMilliseconds(i * 66), i, 70);
            var bytes = jpeg.ToArray();
            Assert.NotEqual(previous, bytes);
            previous = bytes;
            sizes.Add(bytes.Length);
        }

        watch.Stop();
        output.WriteLine($"{width}x{height} q70: {watch.Elapsed.TotalMilliseconds / Frames:F2} ms/frame, " +
            $"{sizes.Min() / 1024} KB..{sizes.Max() / 1024} KB (avg {sizes.Average() / 1024:F1} KB)");
        using var decoded = SkiaSharp.SKBitmap.Decode(previous);
        Assert.Equal((width, height), (decoded.Width, decoded.Height));
        Assert.InRange(sizes.Average(), 5 * 1024, 150 * 1024);
    }
}
