namespace MjpegGateway.Cluster;

/// <summary>Cluster log messages. Event ids 1100–1149. Never log the cluster secret or the Redis configuration string (it may hold a password).</summary>
internal static partial class ClusterLog
{
    [LoggerMessage(1100, LogLevel.Information, "Cluster node {NodeId} at {NodeUrl}, Redis {Endpoints}, camera lease {LeaseSeconds} s")]
    public static partial void Started(ILogger logger, string nodeId, Uri? nodeUrl, string endpoints, double leaseSeconds);

    [LoggerMessage(1101, LogLevel.Warning, "Redis unavailable for {Operation}: {Reason}")]
    public static partial void RedisFailed(ILogger logger, string operation, string reason);

    [LoggerMessage(1102, LogLevel.Information, "Redis available again")]
    public static partial void RedisRestored(ILogger logger);

    [LoggerMessage(1103, LogLevel.Warning, "Redis unavailable: stream caps fall back to this node's own counts until it returns")]
    public static partial void CapsFallback(ILogger logger);

    [LoggerMessage(1104, LogLevel.Information, "Camera lease {Feed}: {Change}")]
    public static partial void LeaseChanged(ILogger logger, string feed, string change);

    [LoggerMessage(1105, LogLevel.Warning, "Camera lease {Feed} could not be renewed before it would expire: stopped pulling from the camera")]
    public static partial void LeaseExpiring(ILogger logger, string feed);

    [LoggerMessage(1106, LogLevel.Warning, "Relay request for {Path} from {RemoteAddress} refused: {Reason}")]
    public static partial void RelayRefused(ILogger logger, string path, string? remoteAddress, string reason);

    [LoggerMessage(1107, LogLevel.Information, "Relay of {Feed} to node {NodeId} {Change}")]
    public static partial void RelayChanged(ILogger logger, string feed, string nodeId, string change);

    [LoggerMessage(1108, LogLevel.Warning, "Redis unavailable: rate limits fall back to this node's own buckets until it returns")]
    public static partial void RateLimitFallback(ILogger logger);
}
