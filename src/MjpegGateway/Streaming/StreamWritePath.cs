namespace MjpegGateway.Streaming;

/// <summary>How a stream's frames reach its connection (shown per viewer in the admin API).</summary>
public enum StreamWritePath
{
    /// <summary>The response has not started yet.</summary>
    NotStarted,

    /// <summary>Written to Kestrel's response pipe, which copies them for the connection: HTTPS, HTTP/2, HTTP/1.0.</summary>
    ResponsePipe,

    /// <summary>Sent from the shared frame buffer straight to the socket: plain HTTP/1.1 (<c>StreamingTransport:ZeroCopyPlainHttp</c>).</summary>
    ZeroCopy,
}
