using System.Runtime.CompilerServices;
using System.Buffers;
using System.IO.Pipelines;
using System.Net.Sockets;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Connections.Features;
using Microsoft.AspNetCore.Http.Features;

namespace MjpegGateway.Transport;

/// <summary>
/// A plain-HTTP connection whose sends the gateway makes itself, so that a stream can hand the camera's shared frame
/// buffer straight to the socket (<see cref="IZeroCopySendFeature"/>) instead of Kestrel copying it into every
/// connection's pipe first. Measurements: docs/benchmarks.md, "Zero-copy sends over plain HTTP".
/// </summary>
/// <remarks>
/// <para>Connection middleware in front of Kestrel's HTTP layer. It gives Kestrel a pipe of its own as the connection's
/// output and sends what Kestrel writes there with its own loop on the connection's socket (the socket transport's own
/// send loop stays idle). Because that loop is the only other sender, a direct send only has to wait until the loop
/// has sent everything Kestrel wrote before it (the response head), and the two never interleave.</para>
/// <para>TLS connections are not touched: the first write on a connection decides, and on a TLS connection that write
/// is the handshake, made after Kestrel's HTTPS layer has set <see cref="ITlsConnectionFeature"/>. From then on every
/// call passes straight through to the transport.</para>
/// <para>Back-pressure is Kestrel's: the pipe pauses its writer at 64 KB, as the socket transport's does
/// (<c>SocketTransportOptions.MaxWriteBufferSize</c>), and a direct send waits for the socket like any send.</para>
/// </remarks>
internal sealed class ZeroCopyConnection : PipeWriter, IDuplexPipe, IZeroCopySendFeature
{
    /// <summary>Writer pause threshold of the connection's pipe: Kestrel's default transport write buffer, 64 KB.</summary>
    internal const long PauseWriterBytes = 64 * 1024;

    /// <summary>How long the end of a connection waits for its last bytes to reach the socket before it drops it.</summary>
    internal static readonly TimeSpan FinishTimeout = TimeSpan.FromSeconds(10);

    private readonly ConnectionContext _connection;
    private readonly IDuplexPipe _transport;
    private readonly Socket _socket;
    private readonly PipeOptions _pipeOptions;
    // One sender at a time on the socket: the loop for Kestrel's bytes, or a direct send.
    private readonly SemaphoreSlim _sendTurn = new(1, 1);
    private readonly Lock _gate = new();
    private PipeWriter? _target;
    private Pipe? _pipe;
    private Task _sendLoop = Task.CompletedTask;
    // Bytes Kestrel has written into the pipe that the loop has not sent yet.
    private long _pending;
    private TaskCompletionSource? _drained;
    private volatile bool _failed;

    private ZeroCopyConnection(ConnectionContext connection, Socket socket, PipeOptions pipeOptions)
    {
        _connection = connection;
        _transport = connection.Transport;
        _socket = socket;
        _pipeOptions = pipeOptions;
    }

    /// <summary>The middleware: wraps plain connections of the socket transport, passes anything else through.</summary>
    public static async Task OnConnectionAsync(ConnectionContext context, ConnectionDelegate next, bool inlineScheduling, TimeProvider time)
    {
        if (context.Features.Get<IConnectionSocketFeature>()?.Socket is not { } socket)
        {
            await next(context);
            return;
        }

        var pool = context.Features.Get<IMemoryPoolFeature>()?.MemoryPool ?? MemoryPool<byte>.Shared;
        var scheduler = inlineScheduling ? PipeScheduler.Inline : PipeScheduler.ThreadPool;
        var options = new PipeOptions(
            pool,
            readerScheduler: scheduler,
            writerScheduler: scheduler,
            pauseWriterThreshold: PauseWriterBytes,
            resumeWriterThreshold: PauseWriterBytes / 2,
            minimumSegmentSize: pool.MaxBufferSize is > 0 and <= 1024 * 1024 ? pool.MaxBufferSize : 4096,
            useSynchronizationContext: false);
        var connection = new ZeroCopyConnection(context, socket, options);
        var transport = context.Transport;
        context.Transport = connection;
        context.Features.Set<IZeroCopySendFeature>(connection);
        try
        {
            await next(context);
        }
        finally
        {
            await connection.FinishAsync(time);
            context.Transport = transport;
        }
    }

    /// <inheritdoc/>
    public PipeReader Input => _transport.Input;

    /// <inheritdoc/>
    public PipeWriter Output => this;

    /// <inheritdoc/>
    public bool IsAvailable
    {
        get
        {
            _ = Target;
            return _pipe is not null && !_failed;
        }
    }

    private PipeWriter Target => _target ?? Decide();

    /// <inheritdoc/>
    // Once per frame per viewer: pooled, so a send that waits for the socket allocates no state-machine box.
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    public async ValueTask SendAsync(ReadOnlyMemory<byte> bytes, CancellationToken cancellationToken)
    {
        if (_pipe is null)
        {
            throw new InvalidOperationException("Direct sends are only for plain connections (IsAvailable).");
        }

        if (Volatile.Read(ref _pending) != 0)
        {
            await WaitUntilDrainedAsync(cancellationToken);
        }

        if (_failed)
        {
            throw new IOException("The connection is closed.");
        }

        await _sendTurn.WaitAsync(cancellationToken);
        try
        {
            await SendAllAsync(bytes, cancellationToken);
        }
        finally
        {
            _sendTurn.Release();
        }
    }

    /// <inheritdoc/>
    public override void Advance(int bytes)
    {
        var target = Target;
        if (_pipe is not null)
        {
            Interlocked.Add(ref _pending, bytes);
        }

        target.Advance(bytes);
    }

    /// <inheritdoc/>
    public override Memory<byte> GetMemory(int sizeHint = 0) => Target.GetMemory(sizeHint);

    /// <inheritdoc/>
    public override Span<byte> GetSpan(int sizeHint = 0) => Target.GetSpan(sizeHint);

    /// <inheritdoc/>
    public override ValueTask<FlushResult> FlushAsync(CancellationToken cancellationToken = default) => Target.FlushAsync(cancellationToken);

    /// <inheritdoc/>
    public override void CancelPendingFlush() => Target.CancelPendingFlush();

    /// <inheritdoc/>
    public override bool CanGetUnflushedBytes => Target.CanGetUnflushedBytes;

    /// <inheritdoc/>
    public override long UnflushedBytes => Target.UnflushedBytes;

    /// <inheritdoc/>
    public override void Complete(Exception? exception = null) => Target.Complete(exception);

    /// <inheritdoc/>
    public override ValueTask CompleteAsync(Exception? exception = null) => Target.CompleteAsync(exception);

    // The first use of the output decides, once: TLS passes through, plain gets the pipe and the send loop.
    private PipeWriter Decide()
    {
        lock (_gate)
        {
            if (_target is not null)
            {
                return _target;
            }

            if (_connection.Features.Get<ITlsConnectionFeature>() is not null)
            {
                _target = _transport.Output;
                return _target;
            }

            var pipe = new Pipe(_pipeOptions);
            _pipe = pipe;
            _sendLoop = SendLoopAsync(pipe.Reader);
            _target = pipe.Writer;
            return _target;
        }
    }

    // Called under Decide's lock: it runs only until its first read, which waits on the new, empty pipe. Started at once
    // rather than queued, so the response head's flush finds the loop waiting and (with inline scheduling) sends it on
    // the flushing thread, and the stream's first frame does not wait for a thread-pool hop.
    private async Task SendLoopAsync(PipeReader reader)
    {
        try
        {
            while (true)
            {
                var result = await reader.ReadAsync();
                var buffer = result.Buffer;
                if (!buffer.IsEmpty)
                {
                    await _sendTurn.WaitAsync();
                    try
                    {
                        // A response head or an ordinary response: one send per pipe block is few sends.
                        foreach (var segment in buffer)
                        {
                            await SendAllAsync(segment, CancellationToken.None);
                        }
                    }
                    finally
                    {
                        _sendTurn.Release();
                    }

                    OnSent(buffer.Length);
                }

                reader.AdvanceTo(buffer.End);
                if (result.IsCompleted || result.IsCanceled)
                {
                    break;
                }
            }

            await reader.CompleteAsync();
        }
        catch (Exception error) when (error is SocketException or ObjectDisposedException or IOException or ConnectionAbortedException or OperationCanceledException)
        {
            // The client is gone, or the connection was aborted under the loop. Kestrel's next flush sees a completed
            // pipe; aborting tells it now.
            _failed = true;
            await reader.CompleteAsync();
            _connection.Abort(new ConnectionAbortedException("The connection's socket failed.", error));
            SignalDrained();
        }
    }

    // Once per frame per viewer: pooled, so a send that waits for the socket allocates no state-machine box.
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    private async ValueTask SendAllAsync(ReadOnlyMemory<byte> bytes, CancellationToken cancellationToken)
    {
        try
        {
            while (!bytes.IsEmpty)
            {
                // A stream socket's send completes once the kernel has taken every byte; the loop is only a guard.
                var sent = await _socket.SendAsync(bytes, SocketFlags.None, cancellationToken);
                if (sent <= 0)
                {
                    throw new IOException("The socket accepted no bytes.");
                }

                bytes = bytes[sent..];
            }
        }
        catch (Exception error) when (error is SocketException or ObjectDisposedException)
        {
            // Reset by the client, or the socket closed under the send by an abort of the connection.
            _failed = true;
            throw new IOException(error.Message, error);
        }
    }

    private void OnSent(long bytes)
    {
        if (Interlocked.Add(ref _pending, -bytes) == 0)
        {
            SignalDrained();
        }
    }

    private void SignalDrained()
    {
        TaskCompletionSource? drained;
        lock (_gate)
        {
            drained = _drained;
            _drained = null;
        }

        drained?.TrySetResult();
    }

    private async ValueTask WaitUntilDrainedAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            Task wait;
            lock (_gate)
            {
                if (Volatile.Read(ref _pending) == 0 || _failed)
                {
                    return;
                }

                _drained ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                wait = _drained.Task;
            }

            await wait.WaitAsync(cancellationToken);
        }
    }

    // After Kestrel is done with the connection: the last bytes (a response's end) reach the socket before the socket
    // transport shuts it down. A client that stops reading at that point is dropped after FinishTimeout.
    private async Task FinishAsync(TimeProvider time)
    {
        if (_pipe is { } pipe)
        {
            await pipe.Writer.CompleteAsync();
            try
            {
                await _sendLoop.WaitAsync(FinishTimeout, time);
            }
            catch (TimeoutException)
            {
                _connection.Abort(new ConnectionAbortedException("The client did not take the end of its response."));
                await _sendLoop;
            }

            await _transport.Output.CompleteAsync();
        }
    }
}
