using System.IO.Pipelines;
using System.Net;
using Mjpeg.Fanout;
using Mjpeg.Frames;
using Mjpeg.Multipart;
using MjpegGateway.Configuration;

namespace MjpegGateway.Upstream;

/// <summary>
/// The single connection to one camera profile: connects, cuts the multipart body into frames and publishes
/// them to the profile's <see cref="FrameHub"/>; reconnects with backoff when the camera fails or goes silent.
/// </summary>
public sealed class CameraUpstream : IAsyncDisposable
{
    private const int PipeBufferBytes = 64 * 1024;

    private readonly object _gate = new();
    private readonly CameraConnection _camera;
    private readonly FrameHub _hub;
    private readonly IUpstreamSource _source;
    private readonly GatewayOptions _gateway;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private CancellationTokenSource? _running;
    private Task _run = Task.CompletedTask;
    private int _state = (int)UpstreamState.Idle;
    private long _connections;
    private long _reconnects;
    private long _partsSkipped;
    private long _lastFrameTimestamp;
    private string? _lastError;
    private int _relaying;

    internal CameraUpstream(CameraConnection camera, FrameHub hub, IUpstreamSource source, GatewayOptions gateway, TimeProvider time, ILogger logger)
    {
        _camera = camera;
        _hub = hub;
        _source = source;
        _gateway = gateway;
        _time = time;
        _logger = logger;
    }

    /// <summary>Current state.</summary>
    public UpstreamState State => (UpstreamState)Volatile.Read(ref _state);

    /// <summary>Connections that got a 200 from the camera.</summary>
    public long Connections => Interlocked.Read(ref _connections);

    /// <summary>Retries after a failure or loss.</summary>
    public long Reconnects => Interlocked.Read(ref _reconnects);

    /// <summary>Time since the last frame, or null before the first.</summary>
    public TimeSpan? LastFrameAge => Interlocked.Read(ref _lastFrameTimestamp) is var t && t != 0 ? _time.GetElapsedTime(t) : null;

    /// <summary>The last failure in words, without credentials.</summary>
    public string? LastError => Volatile.Read(ref _lastError);

    /// <summary>True while the last connection went to another replica's relay rather than the camera (cluster only).</summary>
    public bool IsRelay => Volatile.Read(ref _relaying) == 1;

    /// <summary>True while the connect loop runs (connected or retrying).</summary>
    public bool IsRunning
    {
        get
        {
            lock (_gate)
            {
                return _running is not null;
            }
        }
    }

    private string Feed => _hub.Name;

    /// <summary>Starts the connect loop unless it already runs. Single-flight: concurrent callers share one upstream.</summary>
    public void Start()
    {
        lock (_gate)
        {
            if (_running is not null)
            {
                return;
            }

            var running = new CancellationTokenSource();
            _running = running;
            // Taken now: a stop right after this start disposes the source before the task below runs.
            var token = running.Token;
            var previous = _run;
            // The loop serves every viewer and outlives the request that woke it: it must not inherit that request's
            // execution context (its Activity with the client's trace id and baggage, its logging scope) and carry
            // them into every reconnect to the camera.
            var suppressed = !ExecutionContext.IsFlowSuppressed();
            if (suppressed)
            {
                ExecutionContext.SuppressFlow();
            }

            try
            {
                // The previous loop was cancelled; let it finish before the next one touches the hub.
                _run = Task.Run(async () =>
                {
                    await previous.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
                    await RunAsync(token).ConfigureAwait(false);
                });
            }
            finally
            {
                if (suppressed)
                {
                    ExecutionContext.RestoreFlow();
                }
            }
        }
    }

    /// <summary>Closes the upstream connection; it can be started again.</summary>
    public Task StopAsync(UpstreamState finalState = UpstreamState.Idle)
    {
        Task run;
        lock (_gate)
        {
            if (_running is null)
            {
                return _run;
            }

            _running.Cancel();
            _running.Dispose();
            _running = null;
            run = _run;
        }

        return run.ContinueWith(
            _ => SetStateAfterStop(finalState),
            CancellationToken.None,
            TaskContinuationOptions.ExecuteSynchronously,
            TaskScheduler.Default);
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await StopAsync(UpstreamState.Stopped).ConfigureAwait(false);
    }

    private void SetStateAfterStop(UpstreamState finalState)
    {
        lock (_gate)
        {
            if (_running is null)
            {
                SetState(finalState);
            }
        }
    }

    private async Task RunAsync(CancellationToken stopping)
    {
        var backoff = new ReconnectBackoff(_gateway.Reconnect, Random.Shared);
        var resetAfter = TimeSpan.FromSeconds(_gateway.Reconnect.ResetAfterSeconds);
        try
        {
            while (!stopping.IsCancellationRequested)
            {
                var outcome = await ConnectAndStreamAsync(stopping).ConfigureAwait(false);
                _hub.ClearLatest();
                if (stopping.IsCancellationRequested)
                {
                    break;
                }

                if (outcome.StreamedFor >= resetAfter)
                {
                    backoff.Reset();
                }

                // A relay that broke means its owner died or moved: ask again soon, the lease lapses within seconds.
                var delay = outcome.Relay ? TimeSpan.FromSeconds(_gateway.Reconnect.InitialDelaySeconds) : backoff.Next(outcome.Status is not null);
                Volatile.Write(ref _lastError, outcome.Reason);
                Interlocked.Increment(ref _reconnects);
                SetState(outcome.State);
                if (outcome.Status is HttpStatusCode status)
                {
                    UpstreamLog.Refused(_logger, Feed, status, outcome.State, delay);
                }
                else
                {
                    UpstreamLog.Lost(_logger, Feed, outcome.Reason, delay);
                }

                await Task.Delay(delay, _time, stopping).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // A bug here must not take other cameras down; the camera shows the error and stays down.
            UpstreamLog.Crashed(_logger, Feed, ex);
            Volatile.Write(ref _lastError, "internal error");
        }
        finally
        {
            _hub.ClearLatest();
            await _source.StoppedAsync().ConfigureAwait(false);
            UpstreamLog.Closed(_logger, Feed, stopping.IsCancellationRequested ? "stopped" : "failed");
        }
    }

    private async Task<UpstreamOutcome> ConnectAndStreamAsync(CancellationToken stopping)
    {
        if (!State.IsRefusal())
        {
            // A refused camera keeps its state while we retry, so operators see why it is down.
            SetState(UpstreamState.Connecting);
        }

        var target = await _source.NextAsync(stopping).ConfigureAwait(false);
        if (target.Url is null || target.Http is null)
        {
            return UpstreamOutcome.Lost(target.Unavailable ?? "nowhere to connect") with { Relay = true };
        }

        Volatile.Write(ref _relaying, target.IsRelay ? 1 : 0);
        // The target's own end (an owner lease running out) ends this connection like a stop, but the loop goes on.
        using var session = CancellationTokenSource.CreateLinkedTokenSource(stopping, target.Lost);
        var outcome = await ConnectAndStreamAsync(target.Url, target.Http, session.Token).ConfigureAwait(false);
        return target.IsRelay ? outcome with { Relay = true, Status = null, State = UpstreamState.Reconnecting } : outcome;
    }

    private async Task<UpstreamOutcome> ConnectAndStreamAsync(Uri url, HttpMessageInvoker http, CancellationToken stopping)
    {
        UpstreamLog.Connecting(_logger, Feed, url.Authority);
        using var attempt = UpstreamActivities.StartAttempt(Feed, url.Authority);
        var connectTimeout = _camera.ConnectTimeout;
        long connectedAt = 0;
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        HttpResponseMessage response;
        try
        {
            using var headersTimeout = new CancellationTokenSource(connectTimeout, _time);
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(stopping, headersTimeout.Token);
            response = await http.SendAsync(request, linked.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!stopping.IsCancellationRequested)
        {
            UpstreamActivities.Failed(attempt, "timeout");
            return UpstreamOutcome.Lost($"no response within {connectTimeout.TotalSeconds:0.#} s");
        }
        catch (HttpRequestException ex)
        {
            UpstreamActivities.Failed(attempt, Describe(ex));
            return UpstreamOutcome.Lost(Describe(ex));
        }
        catch (OperationCanceledException)
        {
            return UpstreamOutcome.Lost("stopped");
        }

        using (response)
        {
            var refused = Refusal(response.StatusCode);
            if (refused is not null)
            {
                UpstreamActivities.Failed(attempt, refused.Reason);
                return refused;
            }

            if (!response.IsSuccessStatusCode)
            {
                UpstreamActivities.Failed(attempt, $"status {(int)response.StatusCode}");
                return UpstreamOutcome.Lost($"camera answered {(int)response.StatusCode}");
            }

            // Raw header value: HttpClient's parser rejects some cameras' sloppy Content-Type, the reader is lenient.
            var contentType = response.Content.Headers.NonValidated.TryGetValues("Content-Type", out var values) ? values.ToString() : null;
            if (!MultipartContentType.TryGetBoundary(contentType, out var boundary))
            {
                UpstreamActivities.Failed(attempt, "not multipart");
                return UpstreamOutcome.Lost("camera did not send a multipart stream with a boundary");
            }

            connectedAt = _time.GetTimestamp();
            // The span covers the attempt (connect to headers), not the hours of streaming that may follow.
            attempt?.Stop();
            var connection = Interlocked.Increment(ref _connections);
            try
            {
                var body = await response.Content.ReadAsStreamAsync(stopping).ConfigureAwait(false);
                var reason = await ReadFramesAsync(body, boundary, connection, stopping).ConfigureAwait(false);
                return UpstreamOutcome.Lost(reason, _time.GetElapsedTime(connectedAt));
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                return UpstreamOutcome.Lost("stopped", _time.GetElapsedTime(connectedAt));
            }
            catch (Exception ex) when (ex is IOException or HttpRequestException)
            {
                return UpstreamOutcome.Lost("connection lost", _time.GetElapsedTime(connectedAt));
            }
        }
    }

    private async Task<string> ReadFramesAsync(Stream body, string boundary, long connection, CancellationToken stopping)
    {
        var frameTimeout = _camera.FrameTimeout;
        var pipe = PipeReader.Create(body, new StreamPipeReaderOptions(bufferSize: PipeBufferBytes, leaveOpen: false));
        var parser = new MultipartFrameReader(boundary, new MultipartReaderOptions
        {
            MaxFrameBytes = _gateway.MaxFrameBytes,
            MaxHeaderBytes = _gateway.MaxPartHeaderBytes,
        });

        // The response body has no timeout once headers arrived: this watchdog is the only thing that
        // notices a camera that keeps the socket open but stops sending frames.
        using var watchdog = new CancellationTokenSource(frameTimeout, _time);
        using var stop = stopping.UnsafeRegister(static s => ((CancellationTokenSource)s!).Cancel(), watchdog);
        var streaming = false;
        try
        {
            while (true)
            {
                ReadResult result;
                try
                {
                    result = await pipe.ReadAsync(watchdog.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (!stopping.IsCancellationRequested)
                {
                    return $"no frame for {frameTimeout.TotalSeconds:0.#} s";
                }

                var buffer = result.Buffer;
                while (parser.TryReadFrame(ref buffer, out var jpeg))
                {
                    if (stopping.IsCancellationRequested)
                    {
                        break;
                    }

                    var frame = _hub.Pool.Create(jpeg);
                    Interlocked.Exchange(ref _lastFrameTimestamp, frame.ArrivedTimestamp);
                    _hub.Publish(frame);
                    watchdog.CancelAfter(frameTimeout);
                    if (!streaming)
                    {
                        streaming = true;
                        SetState(UpstreamState.Streaming);
                        Volatile.Write(ref _lastError, null);
                        UpstreamLog.Streaming(_logger, Feed, connection);
                    }
                }

                pipe.AdvanceTo(buffer.Start, buffer.End);
                NoteSkippedParts(parser.Stats);
                if (stopping.IsCancellationRequested)
                {
                    return "stopped";
                }

                if (result.IsCompleted)
                {
                    return "camera closed the stream";
                }
            }
        }
        finally
        {
            await pipe.CompleteAsync().ConfigureAwait(false);
        }
    }

    private void NoteSkippedParts(MultipartReaderStats stats)
    {
        var skipped = stats.PartsSkippedNotJpeg + stats.PartsSkippedOversized + stats.PartsTruncated + stats.HeaderBlocksTooLarge;
        var before = Interlocked.Exchange(ref _partsSkipped, skipped);
        // Log the 1st, 2nd, 4th, 8th… so a camera that sends junk all day cannot flood the log.
        if (skipped > before && (skipped & (skipped - 1)) == 0)
        {
            UpstreamLog.PartsSkipped(_logger, Feed, skipped);
        }
    }

    private static UpstreamOutcome? Refusal(HttpStatusCode status) => status switch
    {
        HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden => UpstreamOutcome.Refused(status, UpstreamState.Unauthorized, "camera refused the credentials"),
        HttpStatusCode.NotFound => UpstreamOutcome.Refused(status, UpstreamState.NotFound, "camera has no such stream"),
        HttpStatusCode.ServiceUnavailable => UpstreamOutcome.Refused(status, UpstreamState.Busy, "camera is busy"),
        _ => null,
    };

    private static string Describe(HttpRequestException ex) => ex.HttpRequestError switch
    {
        HttpRequestError.ConnectionError => "cannot connect",
        HttpRequestError.NameResolutionError => "camera host name does not resolve",
        HttpRequestError.SecureConnectionError => "TLS handshake with the camera failed",
        HttpRequestError.InvalidResponse => "invalid HTTP response",
        HttpRequestError.ResponseEnded => "camera closed the connection",
        _ => "request failed",
    };

    private void SetState(UpstreamState state) => Volatile.Write(ref _state, (int)state);

    private sealed record UpstreamOutcome(string Reason, UpstreamState State, HttpStatusCode? Status, TimeSpan StreamedFor)
    {
        /// <summary>The attempt went to a relay (or found none): retried at the initial delay, never as a camera refusal.</summary>
        public bool Relay { get; init; }

        public static UpstreamOutcome Lost(string reason, TimeSpan streamedFor = default) => new(reason, UpstreamState.Reconnecting, null, streamedFor);

        public static UpstreamOutcome Refused(HttpStatusCode status, UpstreamState state, string reason) => new(reason, state, status, TimeSpan.Zero);
    }
}
