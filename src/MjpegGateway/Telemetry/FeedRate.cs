namespace MjpegGateway.Telemetry;

/// <summary>Recent rates of one camera profile, averaged over <see cref="TelemetryOptions.RateWindowSeconds"/>.</summary>
public readonly record struct FeedRate(double FramesInPerSecond, double FramesOutPerSecond, double BitsOutPerSecond);
