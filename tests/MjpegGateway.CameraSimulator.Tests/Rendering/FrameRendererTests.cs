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

    [Theory]
    [InlineData(60)]
    [InlineData(90)]
    public void Grain_brings_720p_frames_near_the_target_size_the_same_way_every_time(int targetKb)
    {
        using var first = new FrameRenderer(1280, 720);
        using var second = new FrameRenderer(1280, 720);
        var amplitude = first.CalibrateNoise(targetKb * 1024, 70);
        Assert.Equal(amplitude, second.CalibrateNoise(targetKb * 1024, 70));
        Assert.InRange(amplitude, 1, SensorNoise.MaxAmplitude - 1);

        var start = DateTimeOffset.UtcNow;
        var sizes = new List<long>();
        for (var i = 1; i <= 15; i++)
        {
            using var jpeg = first.RenderJpeg(start.AddMilliseconds(i * 66), i, 70);
            sizes.Add(jpeg.Size);
        }

        output.WriteLine($"target {targetKb} KB: amplitude {amplitude}, {sizes.Min() / 1024.0:F1}..{sizes.Max() / 1024.0:F1} KB");
        Assert.InRange(sizes.Average(), targetKb * 1024 * 0.9, targetKb * 1024 * 1.15);
    }

    [Fact]
    public void Without_grain_the_card_is_unchanged()
    {
        using var clean = new FrameRenderer(320, 180);
        using var grained = new FrameRenderer(320, 180);
        grained.SetNoise(40);
        grained.SetNoise(0);
        var at = DateTimeOffset.UnixEpoch;
        using var a = clean.RenderJpeg(at, 1, 70);
        using var b = grained.RenderJpeg(at, 1, 70);
        Assert.Equal(a.ToArray(), b.ToArray());
    }
}
