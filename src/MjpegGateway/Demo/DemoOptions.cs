namespace MjpegGateway.Demo;

/// <summary>The built-in demo, section <c>Demo</c>: fake Axis cameras started inside the gateway.</summary>
public sealed class DemoOptions
{
    /// <summary>Configuration section name.</summary>
    public const string Section = "Demo";

    /// <summary>Start the fake cameras and add them to <c>Cameras</c>. Default false; the Development environment turns it on.</summary>
    public bool Enabled { get; set; }

    /// <summary>Lifetime of the demo tokens printed at start.</summary>
    public const int TokenLifetimeHours = 12;

    /// <summary>How many demo cameras. Default 4.</summary>
    public int Cameras { get; set; } = 4;
}
