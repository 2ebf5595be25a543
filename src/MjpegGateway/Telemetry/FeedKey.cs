namespace MjpegGateway.Telemetry;

/// <summary>A camera profile, the unit metrics are tagged with.</summary>
public readonly record struct FeedKey(string Camera, string Profile);
