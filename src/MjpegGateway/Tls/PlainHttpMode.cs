namespace MjpegGateway.Tls;

/// <summary>Treatment of requests that arrive without TLS (health probes are always served).</summary>
public enum PlainHttpMode
{
    /// <summary>GET and HEAD are redirected to HTTPS (308); anything else is refused. Nothing is served in clear.</summary>
    Redirect,
    /// <summary>Refused with 403: nothing but health probes over plain HTTP.</summary>
    Off,
    /// <summary>Served, but only to loopback clients (a local reverse proxy or tests). Explicit opt-in.</summary>
    LoopbackOnly,
}
