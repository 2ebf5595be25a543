namespace MjpegGateway.Cluster;

/// <summary>
/// More than one replica, section <c>Cluster</c>. Empty <see cref="Redis"/> (the default) means one process that
/// keeps tickets, caps, rate limits and camera connections to itself, exactly as without this section.
/// </summary>
public sealed class ClusterOptions
{
    /// <summary>Configuration section name.</summary>
    public const string Section = "Cluster";

    /// <summary>
    /// A StackExchange.Redis configuration string (<c>redis:6379,password=...</c>). Default empty: no cluster. Give the
    /// password through the environment (<c>Cluster__Redis</c>), never the file.
    /// </summary>
    public string? Redis { get; set; }

    /// <summary>This replica's name in leases and slots. Default: the host name plus a random suffix, so a restarted pod is a new node.</summary>
    public string? NodeId { get; set; }

    /// <summary>
    /// How the other replicas reach this one's relay, e.g. <c>https://10.1.2.3:8444</c>. Required with <see cref="Redis"/>.
    /// The gateway listens on this URL's port for relay requests only. Default empty.
    /// </summary>
    public string? NodeUrl { get; set; }

    /// <summary>
    /// Seconds a camera's owner lease lasts without renewal. Default 10: a dead owner is replaced within this time, and an
    /// owner cut off from Redis stops pulling from the camera before it ends. 2 to 120.
    /// </summary>
    public double LeaseSeconds { get; set; } = 10;

    /// <summary>
    /// Seconds a replica's stream slots survive without its heartbeat. Default 15: the slots of a replica that died are free
    /// again within this time. At least 3, above three heartbeats (one every third of it).
    /// </summary>
    public double SlotSeconds { get; set; } = 15;

    /// <summary>
    /// Shared secret (at least 32 bytes, text or <c>base64:...</c>) that signs replica-to-replica requests. Required with
    /// <see cref="Redis"/>; give it through the environment (<c>Cluster__Secret</c>). Never logged.
    /// </summary>
    public string? Secret { get; set; }

    /// <summary>Prefix of every Redis key, so several gateways can share one Redis. Default <c>mjpeg:</c>.</summary>
    public string KeyPrefix { get; set; } = "mjpeg:";

    /// <summary>True when a Redis is configured.</summary>
    public bool Enabled => !string.IsNullOrWhiteSpace(Redis);
}
