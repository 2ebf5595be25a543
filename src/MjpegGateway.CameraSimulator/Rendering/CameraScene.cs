using SkiaSharp;

namespace MjpegGateway.CameraSimulator.Rendering;

/// <summary>
/// What one channel of the simulated camera looks at: its own background colours and accent, and the text overlay
/// (VAPIX <c>camera</c>, <c>text=1</c> and <c>textstring</c>), so several cameras served by one simulator are told
/// apart at a glance.
/// </summary>
/// <param name="Channel">VAPIX <c>camera</c>, 1..<see cref="MaxChannel"/>; picks the colours.</param>
/// <param name="Text">The overlay text drawn on a band in the channel's accent colour, or null for none.</param>
internal sealed record CameraScene(int Channel, string? Text)
{
    /// <summary>Highest <c>camera</c> number, like a multi-channel video encoder.</summary>
    public const int MaxChannel = 8;

    /// <summary>Longest overlay text; longer text would not fit across a small frame.</summary>
    public const int MaxTextLength = 32;

    /// <summary>Channel 1 and no overlay: the picture the simulator has always sent.</summary>
    public static CameraScene Default { get; } = new(1, null);

    // Three gradient stops and an accent per channel; channel 1 keeps the original blue test card.
    private static readonly SKColor[][] Palettes =
    [
        [new(0x12, 0x2A, 0x4A), new(0x0E, 0x5C, 0x66), new(0x2A, 0x1E, 0x4F), new(0x1E, 0x88, 0xE5)],
        [new(0x10, 0x3A, 0x12), new(0x3E, 0x6B, 0x1C), new(0x0B, 0x2B, 0x22), new(0x43, 0xA0, 0x47)],
        [new(0x5A, 0x12, 0x10), new(0x8A, 0x3A, 0x0A), new(0x3B, 0x0B, 0x2A), new(0xE5, 0x39, 0x35)],
        [new(0x3A, 0x3A, 0x3A), new(0x6B, 0x5A, 0x12), new(0x22, 0x22, 0x28), new(0xFD, 0xD8, 0x35)],
        [new(0x2E, 0x0F, 0x4A), new(0x5C, 0x1E, 0x66), new(0x12, 0x12, 0x3A), new(0xAB, 0x47, 0xBC)],
        [new(0x0A, 0x3A, 0x3A), new(0x1C, 0x6B, 0x5A), new(0x12, 0x28, 0x1E), new(0x26, 0xC6, 0xDA)],
        [new(0x4A, 0x2A, 0x12), new(0x7A, 0x4A, 0x1C), new(0x2A, 0x1A, 0x0A), new(0xFF, 0x8F, 0x00)],
        [new(0x1A, 0x1A, 0x4A), new(0x3A, 0x3A, 0x8A), new(0x0A, 0x0A, 0x2A), new(0x8C, 0x9E, 0xFF)],
    ];

    public ReadOnlySpan<SKColor> Gradient => Palettes[Channel - 1].AsSpan(0, 3);

    public SKColor Accent => Palettes[Channel - 1][3];
}
