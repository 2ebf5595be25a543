namespace Mjpeg.Fanout;

/// <summary>Per-viewer settings chosen at stream start.</summary>
public sealed record ViewerOptions
{
    /// <summary>
    /// Frames a viewer may have queued. Default 2: one being written plus one waiting keeps a
    /// steady viewer fed while a slow one loses the oldest frame instead of falling behind.
    /// </summary>
    public int QueueCapacity { get; init; } = 2;

    /// <summary>Upper frame rate for this viewer, by skipping frames (no transcoding). Null: every frame.</summary>
    public double? MaxFps { get; init; }

    /// <summary>
    /// Largest piece of a part handed to the response in one write (each piece is flushed); 0 writes each part
    /// whole. Default <see cref="Viewer.DefaultWriteSliceBytes"/> (0); see that constant for why.
    /// </summary>
    public int WriteSliceBytes { get; init; } = Viewer.DefaultWriteSliceBytes;

    /// <summary>
    /// Offered each frame before the hub's other viewers. Default false. For a viewer that carries the frame on to many
    /// others (a cluster relay to another replica's hundreds of viewers): its writer runs first, so the frame leaves for
    /// the other replica before this hub writes it to its own viewers one by one.
    /// </summary>
    public bool OfferedFirst { get; init; }

    /// <summary>Free-form label for logs and the admin view (e.g. the session id). Never a secret.</summary>
    public string? Label { get; init; }
}
