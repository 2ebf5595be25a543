using System.Buffers;
using System.Diagnostics;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Text;
using MjpegGateway.CameraSimulator;

namespace MjpegGateway.Bench;

/// <summary>
/// One viewer: a raw socket (or, with <c>--tls</c>, an <see cref="SslStream"/> over it), a minimal HTTP/1.1 GET and
/// a push parser over one pooled receive buffer. It shares the cores with the gateway, so per frame it takes one
/// clock reading per receive, reads the stamp and bumps counters; nothing else, and no allocation.
/// </summary>
internal sealed class ViewerClient : IFrameSink
{
    // Large enough that a 720p frame arrives in a few receives; the kernel hands over what it has anyway.
    private const int ReceiveBufferSize = 64 * 1024;
    private static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(10);
    // Handshakes of a big ramp queue for the same two cores as the streams already running: be patient.
    private static readonly TimeSpan HandshakeTimeout = TimeSpan.FromSeconds(20);

    private MeasurementWindow _window;
    private LatencyHistogram _latency;
    private readonly Action _firstFrame;
    private readonly MjpegResponseParser _parser;
    private long _receiveTimeMicroseconds;
    private long _lastSequence;
    private long _connectStartTimestamp;
    private long _firstFrameTimestamp;

    /// <param name="drains">
    /// Reads the stream without parsing or decrypting it once the response head is in (<see cref="Drains"/>).
    /// </param>
    public ViewerClient(MeasurementWindow window, LatencyHistogram latency, Action firstFrame, bool drains = false)
    {
        _window = window;
        _latency = latency;
        _firstFrame = firstFrame;
        _parser = new MjpegResponseParser(this);
        Drains = drains;
    }

    /// <summary>
    /// A draining viewer (<see cref="BenchOptions.MeasuredViewers"/>): after a 200 response head it reads the socket
    /// and counts bytes, TLS records undecrypted. It has no frames, latency or drops of its own; its first-frame callback
    /// is raised at the response head, and <see cref="DrainedBytesInWindow"/> is what it got.
    /// </summary>
    public bool Drains { get; }

    /// <summary>A draining viewer's bytes read from the socket inside the window: multipart framing and TLS records included.</summary>
    public long DrainedBytesInWindow { get; private set; }

    /// <summary>Bytes a measuring viewer handed to its parser (decrypted over TLS) since it connected: JPEGs and their framing.</summary>
    public long StreamBytesTotal { get; private set; }

    /// <summary>JPEG bytes of all the frames a measuring viewer received since it connected.</summary>
    public long JpegBytesTotal { get; private set; }

    /// <summary>
    /// Counts this viewer in a later window (the cluster bench measures the same viewers twice): its window counters start
    /// again. Call between windows, when no frame can count in either.
    /// </summary>
    public void Retarget(MeasurementWindow window, LatencyHistogram latency)
    {
        (FramesReceivedInWindow, BytesReceivedInWindow, FramesSentInWindow, DrainedBytesInWindow) = (0, 0, 0, 0);
        (FirstSequenceInWindow, LastSequenceInWindow) = (long.MaxValue, long.MinValue);
        _latency = latency;
        Volatile.Write(ref _window, window);
    }

    /// <summary>Why the viewer stopped before the run stopped it; null while it streams or after a clean stop.</summary>
    public string? Error { get; private set; }

    /// <summary>Wall-clock time of <see cref="Error"/>, µs since the Unix epoch.</summary>
    public long ErrorAtMicroseconds { get; private set; }

    public int StatusCode => _parser.StatusCode;

    public bool IsChunked => _parser.IsChunked;

    /// <summary>TLS version negotiated; <see cref="SslProtocols.None"/> over plain HTTP or before the handshake.</summary>
    public SslProtocols TlsProtocol { get; private set; }

    /// <summary>TLS cipher suite negotiated; meaningful only when <see cref="TlsProtocol"/> is set.</summary>
    public TlsCipherSuite TlsCipherSuite { get; private set; }

    public long FramesTotal { get; private set; }

    /// <summary>The camera's send time of the newest stamped frame received, µs since the Unix epoch (0 before one).</summary>
    public long LastSentMicroseconds { get; private set; }

    /// <summary>Frames whose last byte arrived inside the window: the delivered rate.</summary>
    public long FramesReceivedInWindow { get; private set; }

    /// <summary>JPEG bytes of <see cref="FramesReceivedInWindow"/>.</summary>
    public long BytesReceivedInWindow { get; private set; }

    /// <summary>Frames the camera sent inside the window that reached this viewer: the complement of drops.</summary>
    public long FramesSentInWindow { get; private set; }

    public long FirstSequenceInWindow { get; private set; } = long.MaxValue;

    public long LastSequenceInWindow { get; private set; } = long.MinValue;

    /// <summary>Frames without a readable simulator stamp (should be 0).</summary>
    public long Unstamped { get; private set; }

    /// <summary>Frames whose sequence did not increase (duplicates or reordering; should be 0).</summary>
    public long OutOfOrder { get; private set; }

    /// <summary>
    /// Time from the start of the connect (before TCP, TLS and the request) to the first whole frame: what a person
    /// opening the stream waits. Null until the first frame.
    /// </summary>
    public TimeSpan? TimeToFirstFrame => _firstFrameTimestamp == 0 ? null : Stopwatch.GetElapsedTime(_connectStartTimestamp, _firstFrameTimestamp);

    /// <summary>Builds the request all viewers send; one shared buffer.</summary>
    public static byte[] BuildRequest(int port, string pathAndQuery) => BuildRequest(port, pathAndQuery, null);

    /// <summary>The request with <c>Authorization: Bearer</c> when <paramref name="bearer"/> is set.</summary>
    public static byte[] BuildRequest(int port, string pathAndQuery, string? bearer) => Encoding.ASCII.GetBytes(
        $"GET {pathAndQuery} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nAccept: multipart/x-mixed-replace, image/jpeg\r\nUser-Agent: MjpegGateway.Bench\r\n"
        + (bearer is null ? "" : $"Authorization: Bearer {bearer}\r\n") + "\r\n");

    /// <summary>
    /// One HTTP/2 stream on <paramref name="client"/>'s shared connection: the same parser from the multipart body on
    /// (HTTP/2 has no chunked coding). Runs until the gateway ends the stream or <paramref name="stop"/> fires.
    /// </summary>
    public async Task RunHttp2Async(HttpClient client, Uri stream, string? bearer, CancellationToken stop)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(ReceiveBufferSize);
        _connectStartTimestamp = Stopwatch.GetTimestamp();
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, stream)
            {
                Version = HttpVersion.Version20,
                VersionPolicy = HttpVersionPolicy.RequestVersionExact,
            };
            if (bearer is not null)
            {
                request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", bearer);
            }

            using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, stop);
            if (response.StatusCode != HttpStatusCode.OK)
            {
                Fail($"HTTP {(int)response.StatusCode}");
                return;
            }

            var boundary = response.Content.Headers.ContentType?.Parameters.FirstOrDefault(p => p.Name == "boundary")?.Value?.Trim('"');
            _parser.StartInBody(boundary);
            await using var body = await response.Content.ReadAsStreamAsync(stop);
            while (Feed(await body.ReadAsync(buffer.AsMemory(), stop), buffer))
            {
            }
        }
        catch (Exception) when (stop.IsCancellationRequested)
        {
            // stopped by the run: not an error
        }
        catch (HttpRequestException ex)
        {
            Fail("HTTP/2: " + ex.Message);
        }
        catch (IOException ex)
        {
            Fail("I/O: " + ex.Message);
        }
        catch (InvalidDataException ex)
        {
            Fail(ex.Message);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>
    /// Connects (and, with <paramref name="tls"/>, completes the TLS handshake), requests and reads until the gateway
    /// ends the stream or <paramref name="stop"/> fires.
    /// </summary>
    public async Task RunAsync(IPEndPoint gateway, ReadOnlyMemory<byte> request, BenchTls? tls, CancellationToken stop)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(ReceiveBufferSize);
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        SslStream? ssl = null;
        // Stopping disposes the socket, which ends a pending receive or read; cheaper than a token on every receive.
        var stopRegistration = stop.Register(static s => ((Socket)s!).Dispose(), socket);
        _connectStartTimestamp = Stopwatch.GetTimestamp();
        try
        {
            using (var setupTimeout = CancellationTokenSource.CreateLinkedTokenSource(stop))
            {
                setupTimeout.CancelAfter(ConnectTimeout);
                try
                {
                    await socket.ConnectAsync(gateway, setupTimeout.Token);
                }
                catch (OperationCanceledException) when (!stop.IsCancellationRequested)
                {
                    Fail("connect timed out");
                    return;
                }

                if (tls is not null)
                {
                    setupTimeout.CancelAfter(HandshakeTimeout);
                    ssl = new SslStream(new NetworkStream(socket, ownsSocket: false), leaveInnerStreamOpen: false);
                    try
                    {
                        await ssl.AuthenticateAsClientAsync(tls.ClientOptions, setupTimeout.Token);
                    }
                    catch (OperationCanceledException) when (!stop.IsCancellationRequested)
                    {
                        Fail("TLS handshake timed out");
                        return;
                    }

                    if (ssl.NegotiatedApplicationProtocol != SslApplicationProtocol.Http11)
                    {
                        Fail("ALPN did not select http/1.1");
                        return;
                    }

                    TlsProtocol = ssl.SslProtocol;
                    TlsCipherSuite = ssl.NegotiatedCipherSuite;
                }
            }

            if (Drains)
            {
                await DrainAsync(socket, ssl, request, buffer);
            }
            else if (ssl is null)
            {
                await socket.SendAsync(request, SocketFlags.None);
                while (Feed(await socket.ReceiveAsync(buffer.AsMemory(), SocketFlags.None), buffer))
                {
                }
            }
            else
            {
                // Same request and parser over the decrypted stream; SslStream's own record buffer is pooled too.
                await ssl.WriteAsync(request);
                while (Feed(await ssl.ReadAsync(buffer.AsMemory()), buffer))
                {
                }
            }
        }
        catch (Exception) when (stop.IsCancellationRequested)
        {
            // stopped by the run: not an error
        }
        catch (SocketException ex)
        {
            Fail("socket: " + ex.SocketErrorCode);
        }
        catch (AuthenticationException ex)
        {
            Fail("TLS: " + ex.Message);
        }
        catch (IOException ex)
        {
            // SslStream reports transport failures as IOException around the SocketException.
            Fail(ex.InnerException is SocketException socketError ? "socket: " + socketError.SocketErrorCode : "I/O: " + ex.Message);
        }
        catch (InvalidDataException ex)
        {
            Fail(ex.Message);
        }
        finally
        {
            await stopRegistration.DisposeAsync();
            ssl?.Dispose();
            socket.Dispose();
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>
    /// Sends the request and reads the response head through the same stream and parser as a measuring viewer, so a
    /// refusal is seen (the parser throws on a status other than 200); from then on reads the socket itself and counts
    /// what arrives in the window. Over TLS the rest of the stream stays encrypted: the gateway has encrypted it all
    /// the same, and the bench's core is spared the decryption.
    /// </summary>
    private async Task DrainAsync(Socket socket, SslStream? ssl, ReadOnlyMemory<byte> request, byte[] buffer)
    {
        if (ssl is null)
        {
            await socket.SendAsync(request, SocketFlags.None);
        }
        else
        {
            await ssl.WriteAsync(request);
        }

        while (!_parser.InBody)
        {
            if (!Feed(ssl is null ? await socket.ReceiveAsync(buffer.AsMemory(), SocketFlags.None) : await ssl.ReadAsync(buffer.AsMemory()), buffer))
            {
                return;
            }
        }

        // The head's read may have carried a whole frame, which the parser reported as the first.
        if (FramesTotal == 0)
        {
            ReportFirstFrame();
        }

        while (true)
        {
            var received = await socket.ReceiveAsync(buffer.AsMemory(), SocketFlags.None);
            if (received == 0)
            {
                Fail("gateway closed the connection");
                return;
            }

            var now = UnixClock.NowMicroseconds();
            if (now >= _window.StartMicroseconds && now < _window.EndMicroseconds)
            {
                DrainedBytesInWindow += received;
            }
        }
    }

    private void ReportFirstFrame()
    {
        _firstFrameTimestamp = Stopwatch.GetTimestamp();
        _firstFrame();
    }

    /// <summary>Hands one receive to the parser; false when the gateway closed the connection.</summary>
    private bool Feed(int received, byte[] buffer)
    {
        if (received == 0)
        {
            Fail("gateway closed the connection");
            return false;
        }

        StreamBytesTotal += received;
        _receiveTimeMicroseconds = 0;
        _parser.Feed(buffer.AsSpan(0, received));
        return true;
    }

    void IFrameSink.OnFrame(ReadOnlySpan<byte> jpegHead, long jpegLength)
    {
        // One clock reading per receive: every frame completed by the same receive arrived at the same moment.
        if (_receiveTimeMicroseconds == 0)
        {
            _receiveTimeMicroseconds = UnixClock.NowMicroseconds();
        }

        var now = _receiveTimeMicroseconds;
        var start = _window.StartMicroseconds;
        var end = _window.EndMicroseconds;
        var receivedInWindow = now >= start && now < end;
        JpegBytesTotal += jpegLength;
        if (receivedInWindow)
        {
            FramesReceivedInWindow++;
            BytesReceivedInWindow += jpegLength;
        }

        if (++FramesTotal == 1)
        {
            ReportFirstFrame();
        }

        if (!FrameStamp.TryRead(jpegHead, out var sequence, out var sent))
        {
            Unstamped++;
            return;
        }

        if (sequence <= _lastSequence)
        {
            OutOfOrder++;
        }

        LastSentMicroseconds = sent;

        _lastSequence = sequence;
        if (receivedInWindow)
        {
            _latency.Record(now - sent);
        }

        if (sent >= start && sent < end)
        {
            FramesSentInWindow++;
            FirstSequenceInWindow = Math.Min(FirstSequenceInWindow, sequence);
            LastSequenceInWindow = Math.Max(LastSequenceInWindow, sequence);
        }
    }

    private void Fail(string reason)
    {
        Error ??= reason;
        ErrorAtMicroseconds = UnixClock.NowMicroseconds();
    }
}
