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

    [Fact]
    public void Each_channel_has_its_own_colours_and_its_overlay_text_is_drawn_on_the_picture()
    {
        const int width = 640;
        const int height = 360;
        var time = DateTimeOffset.UnixEpoch;
        using var first = Render(new CameraScene(1, null));
        using var second = Render(new CameraScene(2, null));
        using var named = Render(new CameraScene(2, "Loading dock"));

        // Same instant, same moving parts: what differs is the scene.
        Assert.True(MeanColourDistance(first, second) > 40, $"channels 1 and 2 look alike ({MeanColourDistance(first, second):F1})");

        // The band sits just above the colour bars, at the left; the text is white blocks on the channel's accent.
        var band = SkiaSharp.SKRectI.Create(0, (int)(height * (1 - (1f / 6) - (1f / 9) - (1f / 30))), width / 2, (int)(height / 9f));
        Assert.InRange(CountWhite(second, band), 0, 5);
        Assert.True(CountWhite(named, band) > 200, $"{CountWhite(named, band)} white pixels in the text band");

        SkiaSharp.SKBitmap Render(CameraScene scene)
        {
            using var renderer = new FrameRenderer(width, height, scene);
            using var jpeg = renderer.RenderJpeg(time, 1, 90);
            return SkiaSharp.SKBitmap.Decode(jpeg.ToArray());
        }
    }

    private static double MeanColourDistance(SkiaSharp.SKBitmap a, SkiaSharp.SKBitmap b)
    {
        double sum = 0;
        for (var y = 0; y < a.Height; y += 4)
        {
            for (var x = 0; x < a.Width; x += 4)
            {
                var p = a.GetPixel(x, y);
                var q = b.GetPixel(x, y);
                sum += Math.Abs(p.Red - q.Red) + Math.Abs(p.Green - q.Green) + Math.Abs(p.Blue - q.Blue);
            }
        }

        return sum / ((a.Height / 4) * (a.Width / 4));
    }

    private static int CountWhite(SkiaSharp.SKBitmap bitmap, SkiaSharp.SKRectI area)
    {
        var count = 0;
        for (var y = area.Top; y < area.Bottom; y++)
        {
            for (var x = area.Left; x < area.Right; x++)
            {
                var p = bitmap.GetPixel(x, y);
                count += p.Red > 220 && p.Green > 220 && p.Blue > 220 ? 1 : 0;
            }
        }

        return count;
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
