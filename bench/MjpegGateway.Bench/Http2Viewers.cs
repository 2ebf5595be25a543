using System.Net;

namespace MjpegGateway.Bench;

/// <summary>
/// <c>--h2-streams-per-conn S</c>: viewers as HTTP/2 streams, S to a TLS connection, like a browser's grid of
/// <c>&lt;img&gt;</c> streams. One <see cref="SocketsHttpHandler"/> per connection, never opening a second one.
/// </summary>
internal sealed class Http2Viewers(Uri stream, BenchTls tls, string? bearer, int streamsPerConnection, int streamWindowKb) : IDisposable
{
    // Connections opened per ramp step and the step's length; each connection then opens its streams.
    private const int RampBatch = 5;
    private static readonly TimeSpan RampStep = TimeSpan.FromMilliseconds(50);
    private static readonly TimeSpan ConnectionReadyTimeout = TimeSpan.FromSeconds(15);
    private static readonly TimeSpan ReadyPoll = TimeSpan.FromMilliseconds(10);

    private readonly List<HttpClient> _clients = [];

    /// <summary>
    /// Opens <c>clients.Length</c> streams. Each connection's first stream goes alone until it has a frame, so the
    /// handler has settled on one HTTP/2 connection before the other streams join it.
    /// </summary>
    public async Task OpenAsync(ViewerClient[] clients, Task[] tasks, MeasurementWindow window, LatencyHistogram latency, Action firstFrame, CancellationToken stop)
    {
        var connections = (clients.Length + streamsPerConnection - 1) / streamsPerConnection;
        var opening = new List<Task>();
        for (var c = 0; c < connections; c++)
        {
            var handler = new SocketsHttpHandler
            {
                EnableMultipleHttp2Connections = false,
                PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
                PooledConnectionIdleTimeout = Timeout.InfiniteTimeSpan,
                ConnectTimeout = TimeSpan.FromSeconds(10),
                InitialHttp2StreamWindowSize = streamWindowKb * 1024,
            };
            handler.SslOptions.RemoteCertificateValidationCallback = tls.Validate;
            handler.SslOptions.TargetHost = BenchTls.TargetHost;
            var client = new HttpClient(handler) { Timeout = Timeout.InfiniteTimeSpan, DefaultRequestVersion = HttpVersion.Version20 };
            _clients.Add(client);
            var first = c * streamsPerConnection;
            var count = Math.Min(streamsPerConnection, clients.Length - first);
            opening.Add(OpenConnectionAsync(client, clients, tasks, first, count, window, latency, firstFrame, stop));
            if ((c + 1) % RampBatch == 0)
            {
                await Task.Delay(RampStep, stop);
            }
        }

        await Task.WhenAll(opening);
        BenchRun.Log($"{clients.Length} HTTP/2 streams opened on {connections} connections");
    }

    public void Dispose()
    {
        foreach (var client in _clients)
        {
            client.Dispose();
        }
    }

    private async Task OpenConnectionAsync(
        HttpClient client, ViewerClient[] clients, Task[] tasks, int first, int count, MeasurementWindow window, LatencyHistogram latency,
        Action firstFrame, CancellationToken stop)
    {
        for (var i = first; i < first + count; i++)
        {
            clients[i] = new ViewerClient(window, latency, firstFrame);
            tasks[i] = clients[i].RunHttp2Async(client, stream, bearer, stop);
            if (i == first)
            {
                var waited = System.Diagnostics.Stopwatch.StartNew();
                while (clients[i].FramesTotal == 0 && clients[i].Error is null && waited.Elapsed < ConnectionReadyTimeout)
                {
                    await Task.Delay(ReadyPoll, stop);
                }
            }
        }
    }
}
