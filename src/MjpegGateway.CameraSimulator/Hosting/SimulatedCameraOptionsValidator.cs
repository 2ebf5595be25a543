using MjpegGateway.CameraSimulator.Vapix;

namespace MjpegGateway.CameraSimulator.Hosting;

/// <summary>Checks <see cref="SimulatedCameraOptions"/> and reports every problem at once, each naming its key.</summary>
internal static class SimulatedCameraOptionsValidator
{
    // RFC 2046 section 5.1.1: 1..70 characters from bchars (space excluded here, it may not end the boundary anyway).
    private const int MaxBoundaryLength = 70;
    private const string BoundarySpecials = "'()+_,-./:=?";
    private const int MaxPort = 65_535;
    // Well above any real camera frame; keeps a typo from asking for a calibration that can never be met.
    private const int MaxTargetFrameKb = 4096;

    public static IReadOnlyList<string> Validate(SimulatedCameraOptions options)
    {
        const string prefix = SimulatedCameraOptions.SectionName + ":";
        var errors = new List<string>();
        if (!Enum.IsDefined(options.Auth))
        {
            errors.Add($"{prefix}{nameof(options.Auth)} '{options.Auth}' is not one of {string.Join(", ", Enum.GetNames<SimulatedAuth>())}.");
        }

        if (options.Auth != SimulatedAuth.None)
        {
            if (string.IsNullOrEmpty(options.Username) || options.Username.Contains(':', StringComparison.Ordinal))
            {
                errors.Add($"{prefix}{nameof(options.Username)} must be set, without ':', when {nameof(options.Auth)} is {options.Auth}.");
            }

            if (options.Password is null)
            {
                errors.Add($"{prefix}{nameof(options.Password)} must be set when {nameof(options.Auth)} is {options.Auth}.");
            }
        }

        if (options.MaxStreams < 0)
        {
            errors.Add($"{prefix}{nameof(options.MaxStreams)} must be 0 or more, not {options.MaxStreams}.");
        }

        if (options.DefaultWidth is < VapixImageRequest.MinDimension or > VapixImageRequest.MaxWidth)
        {
            errors.Add($"{prefix}{nameof(options.DefaultWidth)} must be {VapixImageRequest.MinDimension}..{VapixImageRequest.MaxWidth}, not {options.DefaultWidth}.");
        }

        if (options.DefaultHeight is < VapixImageRequest.MinDimension or > VapixImageRequest.MaxHeight)
        {
            errors.Add($"{prefix}{nameof(options.DefaultHeight)} must be {VapixImageRequest.MinDimension}..{VapixImageRequest.MaxHeight}, not {options.DefaultHeight}.");
        }

        if (options.DefaultFps is < 1 or > SimulatedCameraOptions.MaxFps)
        {
            errors.Add($"{prefix}{nameof(options.DefaultFps)} must be 1..{SimulatedCameraOptions.MaxFps}, not {options.DefaultFps}.");
        }

        if (options.DefaultCompression is < 0 or > VapixImageRequest.MaxCompression)
        {
            errors.Add($"{prefix}{nameof(options.DefaultCompression)} must be 0..{VapixImageRequest.MaxCompression}, not {options.DefaultCompression}.");
        }

        if (options.TargetFrameKb is < 0 or > MaxTargetFrameKb)
        {
            errors.Add($"{prefix}{nameof(options.TargetFrameKb)} must be 0..{MaxTargetFrameKb}, not {options.TargetFrameKb}.");
        }

        if (options.FrameLoopLength is < 0 or > SimulatedCameraOptions.MaxFrameLoopLength)
        {
            errors.Add($"{prefix}{nameof(options.FrameLoopLength)} must be 0..{SimulatedCameraOptions.MaxFrameLoopLength}, not {options.FrameLoopLength}.");
        }

        if (string.IsNullOrEmpty(options.Boundary)
            || options.Boundary.Length > MaxBoundaryLength
            || !options.Boundary.All(c => char.IsAsciiLetterOrDigit(c) || BoundarySpecials.Contains(c, StringComparison.Ordinal)))
        {
            errors.Add($"{prefix}{nameof(options.Boundary)} must be 1..{MaxBoundaryLength} of letters, digits and {BoundarySpecials}, not '{options.Boundary}'.");
        }

        if (options.Port is < 0 or > MaxPort)
        {
            errors.Add($"{prefix}{nameof(options.Port)} must be 0..{MaxPort}, not {options.Port}.");
        }

        return errors;
    }

    public static void ThrowIfInvalid(SimulatedCameraOptions options)
    {
        var errors = Validate(options);
        if (errors.Count > 0)
        {
            throw new ArgumentException(string.Join(Environment.NewLine, errors), nameof(options));
        }
    }
}
