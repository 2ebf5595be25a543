using Microsoft.Extensions.DependencyInjection;
using MjpegGateway.CameraSimulator;
using MjpegGateway.Streaming;
using MjpegGateway.Tests.Infrastructure;

namespace MjpegGateway.Tests.Streaming;

/// <summary>
/// A viewer that never reads, on every write path: zero-copy (plain HTTP/1.1's default), and the response pipe over plain
/// HTTP and over TLS (HTTPS's path).
/// </summary>
public abstract class SlowViewerTests(Xunit.Abstractions.ITestOutputHelper output, StreamWritePath path, bool tls) : IAsyncLifetime
{
    private CameraSimulator.CameraSimulator _camera = null!;
    private TestGateway _gateway = null!;

    public async Task InitializeAsync()
    {
        _camera = await CameraSimulator.CameraSimulator.StartAsync();
        var settings = TestGateway.Camera("yard", _camera.VideoUrl, ("Gateway:StallTimeoutSeconds", "2"));
        // Big frames fill the never-reading client's socket buffers quickly.
        settings["Cameras:yard:Profiles:hd"] = "resolution=1280x720&fps=15&compression=5";
        settings["StreamingTransport:ZeroCopyPlainHttp"] = path == StreamWritePath.ZeroCopy ? "true" : "false";
        // The stuck client is a bare connection that never reads: a socket, or a TLS stream over one.
        _gateway = await TestGateway.StartAsync(settings, tls: tls);
    }

    public async Task DisposeAsync()
    {
        await _gateway.DisposeAsync();
        await _camera.DisposeAsync();
    }

    [Fact]
    public async Task Viewer_that_never_reads_does_not_delay_others_and_is_disconnected_after_the_stall_time()
    {
        await using var steady = await MjpegStreamClient.OpenAsync(_gateway.Client, "cameras/yard/stream");
        await steady.ReadFrameAsync();

        await using var stuck = await _gateway.ConnectRawAsync(receiveBufferBytes: 4096);
        await stuck.SendGetAsync("/cameras/yard/stream", _gateway.Address.Authority, _gateway.Tokens.Admin());
        var hub = _gateway.Feed("yard").Hub;
        await Eventually.TrueAsync(() => hub.ViewerCount == 2, "the stuck viewer joins");
        await AssertWritePathAsync();

        // While the stuck viewer's writes block, the steady one keeps getting fresh frames.
        var peakOutstanding = 0L;
        var frames = new List<ReceivedFrame>();
        while (hub.ViewerCount == 2 && frames.Count < 15 * 60)
        {
            frames.Add((await steady.ReadFrameAsync())!);
            peakOutstanding = Math.Max(peakOutstanding, hub.Pool.Outstanding);
        }

        await Eventually.TrueAsync(() => hub.ViewerCount == 1, "the stuck viewer is disconnected");
        var stalledLog = _gateway.Logs.Entries.FirstOrDefault(e => e.EventId == 202);
        Assert.NotNull(stalledLog);
        Assert.Contains("stalled", stalledLog.Message, StringComparison.Ordinal);

        Assert.True(frames.Count >= 10, $"steady viewer got {frames.Count} frames while the other was stuck");
        var latencies = frames.Select(f => f.Latency.TotalMilliseconds).Order().ToList();
        Assert.True(latencies[latencies.Count / 2] < 1000, $"median latency {latencies[latencies.Count / 2]} ms");
        Assert.True(frames.Zip(frames.Skip(1)).All(p => p.Second.Sequence > p.First.Sequence));

        // Memory held for the stuck viewer is its bounded queue, not a growing backlog:
        // hub latest + its queue (2) + the frame its writer holds + the steady viewer's (at most 3).
        Assert.InRange(peakOutstanding, 1, 7);

        // After the disconnect the steady viewer still streams.
        Assert.NotNull(await steady.ReadFrameAsync());
    }

    [Fact]
    public async Task Viewer_that_never_reads_pins_a_bounded_kernel_send_queue_and_is_disconnected()
    {
        await using var stuck = await _gateway.ConnectRawAsync(receiveBufferBytes: 4096);
        await stuck.SendGetAsync("/cameras/yard/stream", _gateway.Address.Authority, _gateway.Tokens.Admin());
        var hub = _gateway.Feed("yard").Hub;
        await Eventually.TrueAsync(() => hub.ViewerCount == 1, "the stuck viewer joins");
        await AssertWritePathAsync();

        // The gateway's end of this connection, as the kernel reports it: bytes written but not yet acknowledged.
        var clientPort = ((System.Net.IPEndPoint)stuck.Socket.LocalEndPoint!).Port;
        var joined = System.Diagnostics.Stopwatch.StartNew();
        long peakSendQueue = 0;
        // Sampled until the gateway drops the viewer (2 s stall timeout), bounded so a gateway that never does fails here.
        while (hub.ViewerCount == 1 && joined.Elapsed < Eventually.DefaultTimeout)
        {
            peakSendQueue = Math.Max(peakSendQueue, KernelSendQueue(_gateway.Address.Port, clientPort) ?? 0);
            await Task.Delay(20);
        }

        Assert.Equal(0, hub.ViewerCount);

        output.WriteLine($"stalled viewer disconnected {joined.Elapsed.TotalSeconds:F1} s after joining; peak kernel send queue {peakSendQueue / 1024} KiB");
        Assert.NotNull(_gateway.Logs.Entries.FirstOrDefault(e => e.EventId == 202));

        // Linux doubles SO_SNDBUF for its bookkeeping; auto-tuned, the queue grows towards 4 MiB (tcp_wmem) instead.
        Assert.InRange(peakSendQueue, 64 * 1024, 2L * MjpegGateway.Transport.StreamingTransportOptions.DefaultSendBufferBytes);
    }

    private Task AssertWritePathAsync() => Eventually.TrueAsync(
        () => _gateway.Services.GetRequiredService<StreamSessions>().Live.All(s => s.WritePath == path),
        "every stream is on the write path under test");

    /// <summary>The tx_queue of the loopback TCP socket from <paramref name="localPort"/> to <paramref name="remotePort"/> (Linux /proc/net/tcp).</summary>
    private static long? KernelSendQueue(int localPort, int remotePort)
    {
        foreach (var line in File.ReadLines("/proc/net/tcp").Skip(1))
        {
            // sl local_address rem_address st tx_queue:rx_queue ...; addresses and queues in hex.
            var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (Convert.ToInt32(fields[1][(fields[1].IndexOf(':') + 1)..], 16) == localPort
                && Convert.ToInt32(fields[2][(fields[2].IndexOf(':') + 1)..], 16) == remotePort)
            {
                return Convert.ToInt64(fields[4][..fields[4].IndexOf(':')], 16);
            }
        }

        return null;
    }
}

public sealed class SlowViewerOverZeroCopyTests(Xunit.Abstractions.ITestOutputHelper output) : SlowViewerTests(output, StreamWritePath.ZeroCopy, tls: false);

public sealed class SlowViewerOverResponsePipeTests(Xunit.Abstractions.ITestOutputHelper output) : SlowViewerTests(output, StreamWritePath.ResponsePipe, tls: false);

public sealed class SlowViewerOverTlsTests(Xunit.Abstractions.ITestOutputHelper output) : SlowViewerTests(output, StreamWritePath.ResponsePipe, tls: true);
