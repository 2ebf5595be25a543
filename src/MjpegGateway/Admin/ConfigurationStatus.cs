namespace MjpegGateway.Admin;

/// <summary>The configuration as running, in the admin API.</summary>
/// <param name="Reloads">Reloads applied since start.</param>
/// <param name="LastReloadAt">When the configuration was last re-read; null before the first edit.</param>
/// <param name="CameraErrors">Cameras whose written settings are not running, with the problems (each names its key).</param>
/// <param name="GatewayErrors">Why the last edit of the Gateway section was rejected; empty when it runs as written.</param>
public sealed record ConfigurationStatus(long Reloads, DateTimeOffset? LastReloadAt, IReadOnlyDictionary<string, IReadOnlyList<string>> CameraErrors, IReadOnlyList<string> GatewayErrors);
