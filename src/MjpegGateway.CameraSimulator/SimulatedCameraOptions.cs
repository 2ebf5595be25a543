namespace MjpegGateway.CameraSimulator;

/// <summary>
/// How the simulated Axis camera behaves. Validated when the simulator starts, then read per request, so a change
/// applies to the next request (<see cref="Port"/> only at start). <see cref="SimulatorFaults"/> holds the misbehaviours.
/// </summary>
public sealed class SimulatedCameraOptions
{
    /// <summary>Configuration section the standalone program binds these options from.</summary>
    public const string SectionName = "Simulator";

    /// <summary>Highest frame rate a stream may ask for, like a camera's sensor limit.</summary>
    public const int MaxFps = 60;

    /// <summary>
    /// Longest <see cref="FrameLoopLength"/>: 20 s at 15 fps, long enough for any benchmark, and at 90 KB frames
    /// 27 MB per stream at most.
    /// </summary>
    public const int MaxFrameLoopLength = 300;

    /// <summary>User name required when <see cref="Auth"/> is not <see cref="SimulatedAuth.None"/>. Default: <c>null</c>.</summary>
    public string? Username { get; set; }

    /// <summary>Password required when <see cref="Auth"/> is not <see cref="SimulatedAuth.None"/>. Default: <c>null</c>.</summary>
    public string? Password { get; set; }

    /// <summary>Authentication scheme demanded on every endpoint. Default: <see cref="SimulatedAuth.None"/>.</summary>
    public SimulatedAuth Auth { get; set; } = SimulatedAuth.None;

    /// <summary>
    /// Simultaneous <c>video.cgi</c> streams served; the next one gets 503, because real cameras serve only a handful.
    /// Default: 4.
    /// </summary>
    public int MaxStreams { get; set; } = 4;

    /// <summary>Frame width when the request has no <c>resolution</c> parameter. Default: 640.</summary>
    public int DefaultWidth { get; set; } = 640;

    /// <summary>Frame height when the request has no <c>resolution</c> parameter. Default: 360.</summary>
    public int DefaultHeight { get; set; } = 360;

    /// <summary>Frame rate when the request has no <c>fps</c> parameter, 1..<see cref="MaxFps"/>. Default: 15.</summary>
    public int DefaultFps { get; set; } = 15;

    /// <summary>
    /// Compression when the request has no <c>compression</c> parameter, with Axis semantics 0..100
    /// (JPEG quality = 100 - compression). Default: 30.
    /// </summary>
    public int DefaultCompression { get; set; } = 30;

    /// <summary>
    /// Approximate size of each streamed JPEG in KB: when above 0, seeded grain is laid over the test card, its strength
    /// chosen at stream start so frames encode to about this size (a 720p Axis camera at default compression sends
    /// 60–120 KB of a real scene). Default: 0, the clean test card (≈ 38 KB at 720p, quality 70), which is cheap to
    /// render and what tests expect. Grain cannot make small frames huge: the largest grain caps the size.
    /// </summary>
    public int TargetFrameKb { get; set; }

    /// <summary>
    /// When above 0 (up to <see cref="MaxFrameLoopLength"/>), each stream keeps the first this-many frames it encodes and then sends them again in a loop, each
    /// part still stamped with its own sequence and send time. A real camera encodes in hardware at no cost to the
    /// machine that watches it; a benchmark whose simulator shares cores with its viewers uses this so that encoding
    /// 720p frames (a third of a core at 15 fps with grain) does not starve the viewers it measures. The picture then
    /// repeats, clock and counter included. Default: 0, every frame drawn and encoded when it is sent.
    /// </summary>
    public int FrameLoopLength { get; set; }

    /// <summary>Multipart boundary token, without the leading dashes. Default: <c>myboundary</c> (what Axis sends).</summary>
    public string Boundary { get; set; } = "myboundary";

    /// <summary>
    /// TCP port on 127.0.0.1; 0 picks an ephemeral port, which <see cref="CameraSimulator.RestartAsync"/> then keeps. Default: 0.
    /// </summary>
    public int Port { get; set; }
}
