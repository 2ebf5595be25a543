namespace MjpegGateway.Demo;

/// <summary>The demo host, section <c>Demo</c>: fake Axis cameras started inside the gateway process.</summary>
public sealed class DemoOptions
{
    /// <summary>Configuration section name.</summary>
    public const string Section = "Demo";

    /// <summary>Start the fake cameras and add them to <c>Cameras</c>. Default true: this host exists to run the demo; false runs the plain gateway.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Lifetime of the demo tokens printed at start.</summary>
    public const int TokenLifetimeHours = 12;

    /// <summary>How many demo cameras. Default 4.</summary>
    public int Cameras { get; set; } = 4;
}
