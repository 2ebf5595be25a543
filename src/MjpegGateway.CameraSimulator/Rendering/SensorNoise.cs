namespace MjpegGateway.CameraSimulator.Rendering;

/// <summary>
/// Seeded grain laid over the test card so its JPEGs are as large as a real camera's. A flat synthetic picture encodes
/// to a third of what a noisy real scene does (38 KB against 60–120 KB at 720p), which would understate the bytes a
/// gateway moves. The grain is fixed per stream (same seed, same pattern), so sizes are stable and runs repeatable.
/// </summary>
internal static class SensorNoise
{
    /// <summary>Largest amplitude: channel offsets of up to ±this.</summary>
    public const int MaxAmplitude = 128;

    private const int Seed = 20_261_207;
    private const int BytesPerPixel = 4;
    // Calibration steps of the bisection over 0..MaxAmplitude: 2^8 > 128, so the amplitude is exact to one step.
    private const int CalibrationSteps = 8;

    /// <summary>
    /// Writes <paramref name="card"/> plus grain of <paramref name="amplitude"/> into <paramref name="destination"/>;
    /// colour channels only (BGRA or RGBA, 4 bytes per pixel), alpha stays as it is.
    /// </summary>
    public static void Apply(ReadOnlySpan<byte> card, Span<byte> destination, int amplitude)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(amplitude);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(amplitude, MaxAmplitude);
        card.CopyTo(destination);
        if (amplitude == 0)
        {
            return;
        }

        var random = new Random(Seed);
        for (var i = 0; i + BytesPerPixel <= destination.Length; i += BytesPerPixel)
        {
            // One offset per pixel for luma-like grain plus a little per channel for colour noise, as a sensor shows.
            var luma = random.Next(-amplitude, amplitude + 1);
            for (var c = 0; c < BytesPerPixel - 1; c++)
            {
                var chroma = random.Next(-amplitude / 4, (amplitude / 4) + 1);
                destination[i + c] = (byte)Math.Clamp(card[i + c] + luma + chroma, 0, 255);
            }
        }
    }

    /// <summary>
    /// The smallest amplitude whose frame <paramref name="encodedSize"/> reports at least <paramref name="targetBytes"/>
    /// (JPEG size grows with grain), or <see cref="MaxAmplitude"/> when even that is smaller.
    /// </summary>
    public static int Calibrate(int targetBytes, Func<int, long> encodedSize)
    {
        var low = 0;
        var high = MaxAmplitude;
        for (var step = 0; step < CalibrationSteps && low < high; step++)
        {
            var middle = (low + high) / 2;
            if (encodedSize(middle) >= targetBytes)
            {
                high = middle;
            }
            else
            {
                low = middle + 1;
            }
        }

        return high;
    }
}
