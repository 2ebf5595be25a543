namespace MjpegGateway.Cluster;

/// <summary>Redis could not be reached (or did not answer in time) for one operation.</summary>
public sealed class RedisUnavailableException(string operation, Exception inner)
    : Exception($"Redis unavailable for {operation}.", inner);
