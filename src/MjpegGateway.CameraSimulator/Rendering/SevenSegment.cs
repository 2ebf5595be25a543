using SkiaSharp;

namespace MjpegGateway.CameraSimulator.Rendering;

/// <summary>
/// Draws digits, ':' and '.' as seven-segment rectangles. The NoDependencies Skia build has no fontconfig,
/// so text rendering cannot be relied on.
/// </summary>
internal static class SevenSegment
{
    private const float DigitWidthRatio = 0.55f;
    private const float StrokeRatio = 0.12f;
    private const float SpacingRatio = 0.18f;
    private const float PunctuationWidthRatio = 0.2f;
    private const float UpperDotRatio = 0.3f;
    private const float LowerDotRatio = 0.7f;

    // Segment bits a..g (bit 0 = a = top, clockwise, g = middle) for digits 0..9.
    private static ReadOnlySpan<byte> DigitSegments => [0x3F, 0x06, 0x5B, 0x4F, 0x66, 0x6D, 0x7D, 0x07, 0x7F, 0x6F];

    public static float MeasureWidth(ReadOnlySpan<char> text, float height)
    {
        var width = 0f;
        foreach (var c in text)
        {
            width += GlyphWidth(c, height) + (height * SpacingRatio);
        }

        return width;
    }

    public static void Draw(SKCanvas canvas, ReadOnlySpan<char> text, float x, float y, float height, SKPaint paint)
    {
        var stroke = Math.Max(1f, height * StrokeRatio);
        foreach (var c in text)
        {
            if (char.IsAsciiDigit(c))
            {
                DrawDigit(canvas, DigitSegments[c - '0'], x, y, height * DigitWidthRatio, height, stroke, paint);
            }
            else if (c == ':')
            {
                DrawDot(canvas, x, y + (height * UpperDotRatio), height, stroke, paint);
                DrawDot(canvas, x, y + (height * LowerDotRatio), height, stroke, paint);
            }
            else if (c == '.')
            {
                DrawDot(canvas, x, y + height - stroke, height, stroke, paint);
            }

            x += GlyphWidth(c, height) + (height * SpacingRatio);
        }
    }

    private static float GlyphWidth(char c, float height) =>
        c is ':' or '.' ? height * PunctuationWidthRatio : height * DigitWidthRatio;

    private static void DrawDot(SKCanvas canvas, float x, float top, float height, float stroke, SKPaint paint)
    {
        var left = x + (((height * PunctuationWidthRatio) - stroke) / 2);
        canvas.DrawRect(left, top, stroke, stroke, paint);
    }

    private static void DrawDigit(SKCanvas canvas, byte segments, float x, float y, float w, float h, float t, SKPaint paint)
    {
        var middle = y + (h / 2);
        if ((segments & 0x01) != 0) canvas.DrawRect(x + t, y, w - (2 * t), t, paint);                  // a
        if ((segments & 0x02) != 0) canvas.DrawRect(x + w - t, y + t, t, middle - y - t, paint);       // b
        if ((segments & 0x04) != 0) canvas.DrawRect(x + w - t, middle, t, y + h - t - middle, paint);  // c
        if ((segments & 0x08) != 0) canvas.DrawRect(x + t, y + h - t, w - (2 * t), t, paint);          // d
        if ((segments & 0x10) != 0) canvas.DrawRect(x, middle, t, y + h - t - middle, paint);          // e
        if ((segments & 0x20) != 0) canvas.DrawRect(x, y + t, t, middle - y - t, paint);               // f
        if ((segments & 0x40) != 0) canvas.DrawRect(x + t, middle - (t / 2), w - (2 * t), t, paint);   // g
    }
}
