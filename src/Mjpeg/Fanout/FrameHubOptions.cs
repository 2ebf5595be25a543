namespace Mjpeg.Fanout;

/// <summary>Limits of one hub (one camera profile).</summary>
public sealed record FrameHubOptions
{
    /// <summary>
    /// A viewer whose write has made no progress for this long is ended. Default 10 s.
    /// Kestrel's MinResponseDataRate cannot do this for an endless response: its credit keeps accumulating.
    /// </summary>
    public TimeSpan StallTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>How often viewers are checked for stalls. Default 1 s.</summary>
    public TimeSpan StallCheckInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Default of <see cref="OfferBatchSize"/>: 32.</summary>
    public const int DefaultOfferBatchSize = 32;

    /// <summary>
    /// Viewers offered a frame in one go before the rest of the fan-out goes back to the end of the thread pool's
    /// queue. Default 32.
    /// </summary>
    /// <remarks>
    /// Every offer wakes that viewer's writer as a thread-pool work item, so offering a frame to 1000 viewers at once
    /// queued 1000 writes (about 30 ms of one core) in front of anything that arrived after them: a new viewer's
    /// connection, its TLS handshake, its first frame. In batches, such work waits for one batch of writes at most.
    /// 32 plain-HTTP writes of a 90 KB frame take about 1 ms, over HTTPS about 3 ms. Viewers still get frames in
    /// order (a core too slow for the camera skips a frame for all of them: <see cref="FrameHub.FramesSkippedBehind"/>),
    /// and a hub of up to this many viewers is offered each frame at once, as before. Measurements:
    /// docs/benchmarks.md, "New viewers no longer wait behind the fan-out".
    /// </remarks>
    public int OfferBatchSize { get; init; } = DefaultOfferBatchSize;
}
