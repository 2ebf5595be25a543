using System.Globalization;
using Microsoft.AspNetCore.Http;
using MjpegGateway.CameraSimulator.Rendering;

namespace MjpegGateway.CameraSimulator.Vapix;

/// <summary>The image parameters of <c>video.cgi</c> and <c>image.cgi</c>; absent ones take the configured defaults.</summary>
/// <param name="Width">Frame width in pixels.</param>
/// <param name="Height">Frame height in pixels.</param>
/// <param name="Fps">Frames per second, 1..<see cref="SimulatedCameraOptions.MaxFps"/>.</param>
/// <param name="Compression">Axis compression 0..100.</param>
/// <param name="FrameLimit">Axis <c>nbrofframes</c>: frames to send before ending the stream; 0 = endless.</param>
internal sealed record VapixImageRequest(int Width, int Height, int Fps, int Compression, int FrameLimit)
{
    /// <summary>Axis <c>camera</c> (the channel) and <c>text=1&amp;textstring=</c> (the overlay): what the picture shows.</summary>
    public CameraScene Scene { get; init; } = CameraScene.Default;

    public const int MinDimension = 16;
    public const int MaxWidth = 3840;
    public const int MaxHeight = 2160;
    public const int MaxCompression = 100;

    private const string ResolutionParameter = "resolution";
    private const string FpsParameter = "fps";
    private const string CompressionParameter = "compression";
    private const string FrameLimitParameter = "nbrofframes";
    private const string CameraParameter = "camera";
    private const string TextParameter = "text";
    private const string TextStringParameter = "textstring";

    /// <summary>JPEG quality for the encoder: Axis compression is its complement.</summary>
    public int Quality => MaxCompression - Compression;

    public TimeSpan FrameInterval => TimeSpan.FromTicks(TimeSpan.TicksPerSecond / Fps);

    public static bool TryParse(IQueryCollection query, SimulatedCameraOptions options, out VapixImageRequest request, out string error)
    {
        request = new VapixImageRequest(options.DefaultWidth, options.DefaultHeight, options.DefaultFps, options.DefaultCompression, 0);
        error = string.Empty;

        var resolution = query[ResolutionParameter].ToString();
        if (resolution.Length > 0)
        {
            if (!TryParseResolution(resolution, out var width, out var height))
            {
                error = $"Error: invalid value '{resolution}' for parameter {ResolutionParameter} " +
                    $"(expected WxH within {MinDimension}x{MinDimension}..{MaxWidth}x{MaxHeight})";
                return false;
            }

            request = request with { Width = width, Height = height };
        }

        // Axis reads fps=0 as "as fast as possible", which here is the sensor limit.
        if (!TryParseInt(query, FpsParameter, 0, SimulatedCameraOptions.MaxFps, request.Fps, out var fps, ref error)
            || !TryParseInt(query, CompressionParameter, 0, MaxCompression, request.Compression, out var compression, ref error)
            || !TryParseInt(query, FrameLimitParameter, 0, int.MaxValue, 0, out var frameLimit, ref error)
            || !TryParseInt(query, CameraParameter, 1, CameraScene.MaxChannel, 1, out var channel, ref error)
            || !TryParseInt(query, TextParameter, 0, 1, 0, out var text, ref error))
        {
            return false;
        }

        var textString = query[TextStringParameter].ToString();
        if (textString.Length > CameraScene.MaxTextLength)
        {
            error = $"Error: invalid value for parameter {TextStringParameter} (at most {CameraScene.MaxTextLength} characters)";
            return false;
        }

        request = request with
        {
            Fps = fps == 0 ? SimulatedCameraOptions.MaxFps : fps,
            Compression = compression,
            FrameLimit = frameLimit,
            Scene = new CameraScene(channel, text == 1 && textString.Length > 0 ? textString : null),
        };
        return true;
    }

    private static bool TryParseResolution(string text, out int width, out int height)
    {
        width = 0;
        height = 0;
        var separator = text.IndexOfAny(['x', 'X']);
        return separator > 0
            && int.TryParse(text.AsSpan(0, separator), NumberStyles.None, CultureInfo.InvariantCulture, out width)
            && int.TryParse(text.AsSpan(separator + 1), NumberStyles.None, CultureInfo.InvariantCulture, out height)
            && width is >= MinDimension and <= MaxWidth
            && height is >= MinDimension and <= MaxHeight;
    }

    private static bool TryParseInt(IQueryCollection query, string name, int min, int max, int fallback, out int value, ref string error)
    {
        var text = query[name].ToString();
        if (text.Length == 0)
        {
            value = fallback;
            return true;
        }

        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value) && value >= min && value <= max)
        {
            return true;
        }

        error = $"Error: invalid value '{text}' for parameter {name} (expected {min}..{max})";
        return false;
    }
}
