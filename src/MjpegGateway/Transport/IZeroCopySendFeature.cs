namespace MjpegGateway.Transport;

/// <summary>
/// Sends bytes straight from the caller's buffer to a plain connection's socket, in order after everything written to
/// the response so far; set on connections by <see cref="ZeroCopyConnection"/> (<c>StreamingTransport:ZeroCopyPlainHttp</c>).
/// </summary>
/// <remarks>
/// The bytes bypass Kestrel's response: the caller frames them as the response needs (a whole chunk of a chunked body)
/// and must not write through the response while a send is pending.
/// </remarks>
public interface IZeroCopySendFeature
{
    /// <summary>True on a plain connection whose socket is still open; false under TLS.</summary>
    bool IsAvailable { get; }

    /// <summary>
    /// Sends <paramref name="bytes"/> once everything written through the response before has been sent; completes when
    /// the kernel has taken them all, so it waits while the client does not read. Throws <see cref="IOException"/> when
    /// the connection is gone; cancelling leaves the connection with a partial send, to be aborted.
    /// </summary>
    ValueTask SendAsync(ReadOnlyMemory<byte> bytes, CancellationToken cancellationToken);
}
