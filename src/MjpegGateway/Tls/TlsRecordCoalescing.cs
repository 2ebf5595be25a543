using System.IO.Pipelines;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Server.Kestrel.Core.Features;

namespace MjpegGateway.Tls;

/// <summary>
/// Connection middleware that sits under Kestrel's HTTPS layer and sends a burst of TLS records with one socket send
/// instead of one send per record. Measurements: docs/benchmarks.md, "Over TLS".
/// </summary>
/// <remarks>
/// Kestrel hands the response to <c>SslStream</c> one pipe block at a time (dotnet/aspnetcore#30545); SslStream
/// makes one record per write and writes it to Kestrel's pipe stream over the transport, which flushes the transport
/// pipe after every record, so a 90 KB frame in 16 KB blocks left as 6 sends. After the last record of a write
/// SslStream flushes its inner stream, which reaches the transport as a flush with nothing written since the previous
/// one: that marks the end of the burst. This writer defers the per-record flushes and flushes for real at that mark.
/// </remarks>
internal static class TlsRecordCoalescing
{
    /// <summary>
    /// Deferred bytes above which a record flush is passed through anyway: bounds what one write can add on top of the
    /// transport's own write buffer (64 KB, <c>SocketTransportOptions.MaxWriteBufferSize</c>). Sized as the default
    /// kernel send buffer (<see cref="MjpegGateway.Transport.StreamingTransportOptions.DefaultSendBufferBytes"/>,
    /// 256 KiB), so a frame up to that size (a 720p camera's 60–120 KB, most 1080p frames) leaves in one send. At 64 KB
    /// a 90 KB frame took two sends; one costs 13 % less CPU per GB delivered over HTTPS (docs/benchmarks.md, "One send
    /// per frame over HTTPS").
    /// </summary>
    internal const long MaxDeferredBytes = MjpegGateway.Transport.StreamingTransportOptions.DefaultSendBufferBytes;

    /// <summary>Wraps the connection's transport output; must run before (outside) Kestrel's HTTPS middleware.</summary>
    /// <param name="context">The connection.</param>
    /// <param name="next">Kestrel's HTTPS middleware and the rest.</param>
    /// <param name="largeRentHint">
    /// The least room to ask the transport for, so that records go out in its large blocks; 0 to ask for what SslStream
    /// asks (<see cref="MjpegGateway.Transport.TransportMemoryPoolFactory.LargeRentHint"/>).
    /// </param>
    public static async Task OnConnectionAsync(ConnectionContext context, ConnectionDelegate next, int largeRentHint = 0)
    {
        var transport = context.Transport;
        var writer = new CoalescingWriter(transport.Output, () => context.Features.Get<ISslStreamFeature>()?.SslStream.IsAuthenticated == true, largeRentHint);
        context.Transport = new Transport(transport.Input, writer);
        try
        {
            await next(context);
        }
        finally
        {
            context.Transport = transport;
        }
    }

    private sealed class Transport(PipeReader input, PipeWriter output) : IDuplexPipe
    {
        public PipeReader Input { get; } = input;

        public PipeWriter Output { get; } = output;
    }

    /// <summary>
    /// The transport's output as SslStream sees it. Single writer (SslStream serialises its writes), so no locking.
    /// </summary>
    /// <param name="inner">The transport's output pipe.</param>
    /// <param name="handshakeDone">Whether the TLS handshake has completed on this connection.</param>
    /// <param name="largeRentHint">The least room asked of <paramref name="inner"/>; 0 passes SslStream's own request.</param>
    internal sealed class CoalescingWriter(PipeWriter inner, Func<bool> handshakeDone, int largeRentHint = 0) : PipeWriter
    {
        private long _writtenSinceFlushCall;
        private long _deferred;

        // Deferral starts only once the handshake is done and a burst has ended with SslStream's own flush: handshake
        // flights (and the session tickets after them) are written without such a flush and must go out as written.
        private bool _active;

        public override void Advance(int bytes)
        {
            inner.Advance(bytes);
            _writtenSinceFlushCall += bytes;
        }

        public override Memory<byte> GetMemory(int sizeHint = 0) => inner.GetMemory(Math.Max(sizeHint, largeRentHint));

        public override Span<byte> GetSpan(int sizeHint = 0) => inner.GetSpan(Math.Max(sizeHint, largeRentHint));

        public override bool CanGetUnflushedBytes => inner.CanGetUnflushedBytes;

        public override long UnflushedBytes => inner.UnflushedBytes;

        public override ValueTask<FlushResult> FlushAsync(CancellationToken cancellationToken = default)
        {
            var written = _writtenSinceFlushCall;
            _writtenSinceFlushCall = 0;
            if (written == 0)
            {
                // The inner stream's flush: the burst is complete. The caller waits here for back-pressure, as before.
                _deferred = 0;
                _active = _active || handshakeDone();
                return inner.FlushAsync(cancellationToken);
            }

            _deferred += written;
            if (_active && _deferred < MaxDeferredBytes)
            {
                // A record inside a burst: it goes out with the flush that ends the burst.
                return cancellationToken.IsCancellationRequested
                    ? ValueTask.FromCanceled<FlushResult>(cancellationToken)
                    : new ValueTask<FlushResult>(new FlushResult(isCanceled: false, isCompleted: false));
            }

            _deferred = 0;
            return inner.FlushAsync(cancellationToken);
        }

        public override void CancelPendingFlush() => inner.CancelPendingFlush();

        // Completing the pipe commits whatever was deferred, so nothing is lost when the connection ends mid-burst.
        public override void Complete(Exception? exception = null) => inner.Complete(exception);

        public override ValueTask CompleteAsync(Exception? exception = null) => inner.CompleteAsync(exception);
    }
}
