using System.Buffers;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;

namespace MjpegGateway.Bench;

/// <summary>
/// One short-lived stream of the soak's churn: connect from a given loopback address, (TLS,) request, read frames for
/// the hold time, then either reset the connection (linger 0: an RST, as a crashed or killed client leaves it) or
/// close it cleanly (TLS close_notify, FIN, read until the gateway closes its side).
/// </summary>
internal sealed class ChurnStream : IFrameSink
{
    private const int ReceiveBufferSize = 16 * 1024;
    private static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan HandshakeTimeout = TimeSpan.FromSeconds(20);
    private static readonly TimeSpan CloseTimeout = TimeSpan.FromSeconds(10);

    private readonly MjpegResponseParser _parser;
    private volatile bool _closing;

    private ChurnStream() => _parser = new MjpegResponseParser(this);

    /// <summary>Frames received while held.</summary>
    public long Frames { get; private set; }

    /// <summary>
    /// Runs one churned stream; returns null when it went as planned, otherwise why not. A stream that ends before a
    /// first frame arrived is not an error (a 0.3 s hold can end before the first frame on a loaded machine);
    /// <paramref name="gotFrame"/> says which.
    /// </summary>
    public static async Task<(string? Error, bool GotFrame)> RunAsync(
        IPEndPoint gateway, IPAddress source, ReadOnlyMemory<byte> request, BenchTls? tls, TimeSpan hold, bool reset, CancellationToken stop)
    {
        var churn = new ChurnStream();
        var error = await churn.RunCoreAsync(gateway, source, request, tls, hold, reset, stop);
        return (error, churn.Frames > 0);
    }

    private async Task<string?> RunCoreAsync(
        IPEndPoint gateway, IPAddress source, ReadOnlyMemory<byte> request, BenchTls? tls, TimeSpan hold, bool reset, CancellationToken stop)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        Stream? stream = null;
        var buffer = ArrayPool<byte>.Shared.Rent(ReceiveBufferSize);
        try
        {
            socket.Bind(new IPEndPoint(source, 0));
            using (var setup = CancellationTokenSource.CreateLinkedTokenSource(stop))
            {
                setup.CancelAfter(ConnectTimeout);
                try
                {
                    await socket.ConnectAsync(gateway, setup.Token);
                    if (tls is null)
                    {
                        stream = new NetworkStream(socket, ownsSocket: false);
                    }
                    else
                    {
                        setup.CancelAfter(HandshakeTimeout);
                        var ssl = new SslStream(new NetworkStream(socket, ownsSocket: false), leaveInnerStreamOpen: false);
                        stream = ssl;
                        await ssl.AuthenticateAsClientAsync(tls.ClientOptions, setup.Token);
                    }
                }
                catch (OperationCanceledException) when (!stop.IsCancellationRequested)
                {
                    return tls is null ? "connect timed out" : "connect or TLS handshake timed out";
                }
            }

            await stream.WriteAsync(request, stop);
            var reading = ReadAsync(stream, buffer);
            var held = Task.Delay(hold, stop);
            if (await Task.WhenAny(reading, held) == reading)
            {
                // The gateway ended the stream during the hold: a refusal (non-200) or a lost stream.
                var early = await reading;
                return early ?? (_parser.StatusCode is 200 or 0 ? "gateway closed the stream during the hold" : $"HTTP {_parser.StatusCode}");
            }

            _closing = true;
            if (reset)
            {
                // Linger 0: close() sends an RST at once, as a killed client or a dropped NAT entry leaves it.
                socket.LingerState = new LingerOption(true, 0);
                socket.Close();
                await reading; // ends with the socket; errors after _closing are the reset itself
                return null;
            }

            if (stream is SslStream tlsStream)
            {
                await tlsStream.ShutdownAsync();
            }

            socket.Shutdown(SocketShutdown.Send);
            // Read on until the gateway closes its side: then the close was clean end to end.
            return await reading.WaitAsync(CloseTimeout, stop) ?? null;
        }
        catch (TimeoutException)
        {
            return "gateway did not close after a clean close";
        }
        catch (Exception) when (stop.IsCancellationRequested)
        {
            return null; // the soak ended
        }
        catch (SocketException ex)
        {
            return "socket: " + ex.SocketErrorCode;
        }
        catch (AuthenticationException ex)
        {
            return "TLS: " + ex.Message;
        }
        catch (IOException ex)
        {
            return ex.InnerException is SocketException socketError ? "socket: " + socketError.SocketErrorCode : "I/O: " + ex.Message;
        }
        finally
        {
            stream?.Dispose();
            socket.Dispose();
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>Reads until the connection ends; returns null for an end the soak caused, otherwise the reason.</summary>
    private async Task<string?> ReadAsync(Stream stream, byte[] buffer)
    {
        try
        {
            while (true)
            {
                var received = await stream.ReadAsync(buffer.AsMemory());
                if (received == 0)
                {
                    return _closing ? null : (_parser.StatusCode is 200 or 0 ? "gateway closed the stream during the hold" : $"HTTP {_parser.StatusCode}");
                }

                _parser.Feed(buffer.AsSpan(0, received));
            }
        }
        catch (InvalidDataException ex)
        {
            return _parser.StatusCode is not (200 or 0) ? $"HTTP {_parser.StatusCode}" : ex.Message;
        }
        catch (Exception ex) when (_closing && ex is IOException or SocketException or ObjectDisposedException or OperationCanceledException)
        {
            return null;
        }
        catch (IOException ex)
        {
            return ex.InnerException is SocketException socketError ? "socket: " + socketError.SocketErrorCode : "I/O: " + ex.Message;
        }
        catch (SocketException ex)
        {
            return "socket: " + ex.SocketErrorCode;
        }
    }

    void IFrameSink.OnFrame(ReadOnlySpan<byte> jpegHead, long jpegLength) => Frames++;
}
