namespace MjpegGateway.Security;

/// <summary>Which limit refused a stream.</summary>
public enum StreamCapRejection
{
    /// <summary>Reserved.</summary>
    None,
    /// <summary>The subject holds its maximum of streams (<c>Gateway:MaxStreamsPerSubject</c>).</summary>
    Subject,
    /// <summary>The client IP holds its maximum of streams (<c>Gateway:MaxStreamsPerIp</c>).</summary>
    Ip,
    /// <summary>The camera has its maximum of viewers (<c>Cameras:{id}:MaxViewers</c>).</summary>
    Camera,
    /// <summary>The gateway has its maximum of viewers (<c>Gateway:MaxViewersTotal</c>).</summary>
    Gateway,
    /// <summary>The shared store of the caps could not be reached; refused (fail closed).</summary>
    Unavailable,
}
