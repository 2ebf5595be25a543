using System.Globalization;
using SkiaSharp;

namespace MjpegGateway.CameraSimulator.Rendering;

/// <summary>
/// Renders one stream's frames: a static test card (gradient, grid, colour bars) drawn once, then per frame a
/// sweeping bar, an orbiting disc, a clock and a frame counter, so a person sees at a glance that the picture is live.
/// The card's colours and its text band come from the <see cref="CameraScene"/>, so each channel looks different.
/// Owns its bitmaps; one instance per stream, not thread-safe.
/// </summary>
internal sealed class FrameRenderer : IDisposable
{
    // Sizes are fractions of the frame so every resolution shows the same picture.
    private const float ClockHeightRatio = 1f / 9;
    private const float CounterHeightRatio = 1f / 16;
    private const float MarginRatio = 1f / 30;
    private const float PanelPaddingRatio = 1f / 60;
    private const float BarWidthRatio = 1f / 24;
    private const float DiscRadiusRatio = 1f / 9;
    private const float OrbitRadiusRatio = 1f / 5;
    private const float ColourBarsHeightRatio = 1f / 6;
    private const float TextBandHeightRatio = 1f / 9;
    private const float TextHeightRatio = 0.6f;
    private const int GridCellsAcross = 16;
    private const float GridStrokeWidth = 1f;

    private const double BarSweepMilliseconds = 4_000;
    private const double OrbitMilliseconds = 3_000;

    private const string ClockFormat = "HH:mm:ss.fff";
    private const string CounterFormat = "D8";
    private const long CounterModulus = 100_000_000;
    private const int TextBufferLength = 16;

    private static readonly SKColor[] ColourBars =
    [
        new(0xC0, 0xC0, 0xC0), new(0xC0, 0xC0, 0x00), new(0x00, 0xC0, 0xC0), new(0x00, 0xC0, 0x00),
        new(0xC0, 0x00, 0xC0), new(0xC0, 0x00, 0x00), new(0x00, 0x00, 0xC0),
    ];

    private static readonly SKColor GridColour = new(0xFF, 0xFF, 0xFF, 0x30);
    private static readonly SKColor BarColour = new(0xF0, 0xF0, 0xF0);
    private static readonly SKColor DiscColour = new(0xFF, 0x8C, 0x1A);
    private static readonly SKColor PanelColour = new(0x00, 0x00, 0x00, 0xB0);
    private static readonly SKColor ClockColour = new(0x40, 0xFF, 0x60);
    private static readonly SKColor CounterColour = new(0xFF, 0xD0, 0x40);
    private static readonly SKColor TextColour = SKColors.White;

    private readonly SKBitmap _card;
    private readonly SKBitmap _background;
    private readonly SKBitmap _frame;
    private readonly SKCanvas _canvas;
    private readonly SKPaint _barPaint = new() { Color = BarColour };
    private readonly SKPaint _discPaint = new() { Color = DiscColour, IsAntialias = true };
    private readonly SKPaint _panelPaint = new() { Color = PanelColour };
    private readonly SKPaint _clockPaint = new() { Color = ClockColour };
    private readonly SKPaint _counterPaint = new() { Color = CounterColour };

    public FrameRenderer(int width, int height, CameraScene? scene = null)
    {
        Width = width;
        Height = height;
        var info = new SKImageInfo(width, height, SKImageInfo.PlatformColorType, SKAlphaType.Opaque);
        _card = new SKBitmap(info);
        _background = new SKBitmap(info);
        _frame = new SKBitmap(info);
        _canvas = new SKCanvas(_frame);
        DrawTestCard(_card, width, height, scene ?? CameraScene.Default);
        _card.GetPixelSpan().CopyTo(_background.GetPixelSpan());
    }

    public int Width { get; }

    public int Height { get; }

    /// <summary>Grain on the test card, 0..<see cref="SensorNoise.MaxAmplitude"/>; 0 (the default) is the clean card.</summary>
    public int NoiseAmplitude { get; private set; }

    /// <summary>Lays grain of <paramref name="amplitude"/> over the test card for every later frame.</summary>
    public void SetNoise(int amplitude)
    {
        SensorNoise.Apply(_card.GetPixelSpan(), _background.GetPixelSpan(), amplitude);
        NoiseAmplitude = amplitude;
    }

    /// <summary>
    /// Chooses the grain so that frames at <paramref name="quality"/> encode to about <paramref name="targetBytes"/>
    /// (a few encodes, once per stream), and keeps it. Returns the amplitude chosen.
    /// </summary>
    public int CalibrateNoise(int targetBytes, int quality)
    {
        var probeTime = DateTimeOffset.UnixEpoch;
        var amplitude = SensorNoise.Calibrate(targetBytes, candidate =>
        {
            SetNoise(candidate);
            using var jpeg = RenderJpeg(probeTime, 0, quality);
            return jpeg.Size;
        });
        SetNoise(amplitude);
        return amplitude;
    }

    /// <summary>Draws the frame for <paramref name="localTime"/> and encodes it with the given JPEG quality (0..100).</summary>
    public SKData RenderJpeg(DateTimeOffset localTime, long frameNumber, int quality)
    {
        Draw(localTime, frameNumber);
        using var pixmap = _frame.PeekPixels();
        return pixmap.Encode(new SKJpegEncoderOptions(quality))
            ?? throw new InvalidOperationException($"Skia could not encode a {Width}x{Height} JPEG.");
    }

    public void Dispose()
    {
        _canvas.Dispose();
        _frame.Dispose();
        _background.Dispose();
        _card.Dispose();
        _barPaint.Dispose();
        _discPaint.Dispose();
        _panelPaint.Dispose();
        _clockPaint.Dispose();
        _counterPaint.Dispose();
    }

    private void Draw(DateTimeOffset localTime, long frameNumber)
    {
        // A memcpy of the pre-drawn test card is far cheaper than redrawing gradient and grid each frame.
        _background.GetPixelSpan().CopyTo(_frame.GetPixelSpan());

        // Motion follows the wall clock, not the frame count, so every stream moves at the same speed whatever its fps.
        var milliseconds = localTime.ToUnixTimeMilliseconds();
        var barWidth = Math.Max(1f, Width * BarWidthRatio);
        var sweep = (float)((milliseconds % BarSweepMilliseconds) / BarSweepMilliseconds);
        _canvas.DrawRect((sweep * (Width + barWidth)) - barWidth, 0, barWidth, Height * (1 - ColourBarsHeightRatio), _barPaint);

        var angle = (milliseconds % OrbitMilliseconds) / OrbitMilliseconds * 2 * Math.PI;
        var orbit = Height * OrbitRadiusRatio;
        _canvas.DrawCircle(
            (Width / 2f) + (float)(Math.Cos(angle) * orbit * 2),
            (Height / 2f) + (float)(Math.Sin(angle) * orbit),
            Height * DiscRadiusRatio,
            _discPaint);

        DrawReadout(localTime, frameNumber);
    }

    private void DrawReadout(DateTimeOffset localTime, long frameNumber)
    {
        Span<char> clock = stackalloc char[TextBufferLength];
        localTime.TryFormat(clock, out var clockLength, ClockFormat, CultureInfo.InvariantCulture);
        clock = clock[..clockLength];
        Span<char> counter = stackalloc char[TextBufferLength];
        (frameNumber % CounterModulus).TryFormat(counter, out var counterLength, CounterFormat, CultureInfo.InvariantCulture);
        counter = counter[..counterLength];

        var margin = Height * MarginRatio;
        var padding = Height * PanelPaddingRatio;
        var clockHeight = Height * ClockHeightRatio;
        var counterHeight = Height * CounterHeightRatio;
        var panelWidth = Math.Max(SevenSegment.MeasureWidth(clock, clockHeight), SevenSegment.MeasureWidth(counter, counterHeight))
            + (2 * padding);
        var panelHeight = clockHeight + counterHeight + (3 * padding);

        _canvas.DrawRect(margin, margin, panelWidth, panelHeight, _panelPaint);
        SevenSegment.Draw(_canvas, clock, margin + padding, margin + padding, clockHeight, _clockPaint);
        SevenSegment.Draw(_canvas, counter, margin + padding, margin + clockHeight + (2 * padding), counterHeight, _counterPaint);
    }

    private static void DrawTestCard(SKBitmap bitmap, int width, int height, CameraScene scene)
    {
        using var canvas = new SKCanvas(bitmap);
        using (var shader = SKShader.CreateLinearGradient(new SKPoint(0, 0), new SKPoint(width, height), scene.Gradient.ToArray(), SKShaderTileMode.Clamp))
        using (var gradient = new SKPaint { Shader = shader })
        {
            canvas.DrawRect(0, 0, width, height, gradient);
        }

        using (var grid = new SKPaint { Color = GridColour, StrokeWidth = GridStrokeWidth, Style = SKPaintStyle.Stroke })
        {
            var cell = (float)width / GridCellsAcross;
            for (var x = cell; x < width; x += cell)
            {
                canvas.DrawLine(x, 0, x, height, grid);
            }

            for (var y = cell; y < height; y += cell)
            {
                canvas.DrawLine(0, y, width, y, grid);
            }
        }

        var barsTop = height * (1 - ColourBarsHeightRatio);
        var barWidth = (float)width / ColourBars.Length;
        using var barPaint = new SKPaint();
        for (var i = 0; i < ColourBars.Length; i++)
        {
            barPaint.Color = ColourBars[i];
            canvas.DrawRect(i * barWidth, barsTop, barWidth + 1, height - barsTop, barPaint);
        }

        DrawTextBand(canvas, width, height, barsTop, scene);
    }

    // The overlay text on a band of the channel's accent colour, just above the colour bars.
    private static void DrawTextBand(SKCanvas canvas, int width, int height, float barsTop, CameraScene scene)
    {
        if (string.IsNullOrEmpty(scene.Text))
        {
            return;
        }

        var bandHeight = height * TextBandHeightRatio;
        var textHeight = bandHeight * TextHeightRatio;
        var padding = (bandHeight - textHeight) / 2;
        var bandTop = barsTop - bandHeight - (height * MarginRatio);
        using var band = new SKPaint { Color = scene.Accent };
        canvas.DrawRect(0, bandTop, Math.Min(width, BlockFont.MeasureWidth(scene.Text, textHeight) + (2 * padding)), bandHeight, band);
        using var text = new SKPaint { Color = TextColour };
        BlockFont.Draw(canvas, scene.Text, padding, bandTop + padding, textHeight, text);
    }
}
