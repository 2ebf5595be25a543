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
}
