using Microsoft.AspNetCore.Builder;
using MjpegGateway.CameraSimulator.Diagnostics;
using MjpegGateway.CameraSimulator.Hosting;
using MjpegGateway.CameraSimulator.Vapix;

namespace MjpegGateway.CameraSimulator;

/// <summary>
/// A fake Axis camera on 127.0.0.1 serving VAPIX <c>video.cgi</c> and <c>image.cgi</c> with real JPEG frames,
/// Basic/Digest auth and switchable faults. Counters and the request log survive <see cref="RestartAsync"/>.
/// </summary>
public sealed class CameraSimulator : IAsyncDisposable
{
    /// <summary>The realm in every challenge, shaped like an Axis camera's (its MAC address).</summary>
    public const string AuthRealm = "AXIS_ACCC8E000000";

    private readonly SimulatorState _state;
    private readonly SemaphoreSlim _lifecycle = new(1, 1);
    private WebApplication? _app;
    private bool _disposed;

    private CameraSimulator(SimulatorState state, WebApplication app, Uri baseAddress)
    {
        _state = state;
        _app = app;
        BaseAddress = baseAddress;
        VideoUrl = SimulatorApp.GetVideoUrl(baseAddress);
    }

    /// <summary><c>http://127.0.0.1:{port}/</c>; the port stays the same across restarts.</summary>
    public Uri BaseAddress { get; }

    /// <summary><c>{BaseAddress}axis-cgi/mjpg/video.cgi</c>.</summary>
    public Uri VideoUrl { get; }

    /// <summary>The options in force; read per request, so changes apply to the next one (they are validated only at start).</summary>
    public SimulatedCameraOptions Options => _state.Options;

    /// <summary>The pan/tilt/zoom head that <c>ptz.cgi</c> moves.</summary>
    public SimulatedPtz Ptz => _state.Ptz;

    /// <summary>The parameter tree that <c>param.cgi</c> lists and updates.</summary>
    public SimulatedParameters Parameters => _state.Parameters;

    /// <summary>Switchable misbehaviours.</summary>
    public SimulatorFaults Faults => _state.Faults;

    /// <summary><c>video.cgi</c> responses streaming right now.</summary>
    public int ActiveStreams => _state.Counters.ActiveStreams;

    /// <summary>
    /// Most <c>video.cgi</c> streams active at once since <see cref="MarkConcurrency"/> (or creation), counted at every
    /// stream's start, so a second connection that lasts a moment is not missed.
    /// </summary>
    public int PeakActiveStreams => _state.Counters.PeakActiveStreams;

    /// <summary>Time during which more than one <c>video.cgi</c> stream was active since <see cref="MarkConcurrency"/> (or creation).</summary>
    public TimeSpan StreamOverlapTime => _state.Counters.OverlapTime;

    /// <summary>Starts <see cref="PeakActiveStreams"/> and <see cref="StreamOverlapTime"/> afresh from now.</summary>
    public void MarkConcurrency() => _state.Counters.MarkConcurrency();

    /// <summary><c>video.cgi</c> streams answered with 200 since creation: the upstream connections a gateway opened.</summary>
    public int StreamsServed => _state.Counters.StreamsServed;

    /// <summary>Frames written to all streams since creation.</summary>
    public long FramesSent => _state.Counters.FramesSent;

    /// <summary>
    /// A snapshot of the last 10 000 requests received, oldest first, 401s and faults included.
    /// A request appears once its status is known: when the response starts, or at arrival for Offline/Hang.
    /// </summary>
    public IReadOnlyList<RecordedRequest> Requests => _state.Requests.Snapshot();

    /// <summary>Requests recorded since creation (see <see cref="Requests"/> for when a request is recorded).</summary>
    public int RequestsRecorded => _state.Counters.RequestsRecorded;

    /// <summary>Starts a simulator on 127.0.0.1:<see cref="SimulatedCameraOptions.Port"/> (0 = ephemeral).</summary>
    /// <exception cref="ArgumentException">The options are invalid; the message lists every problem.</exception>
    public static async Task<CameraSimulator> StartAsync(SimulatedCameraOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new SimulatedCameraOptions();
        SimulatedCameraOptionsValidator.ThrowIfInvalid(options);
        var state = new SimulatorState(options, TimeProvider.System);
        var app = await StartAppAsync(state, options.Port, cancellationToken).ConfigureAwait(false);
        return new CameraSimulator(state, app, SimulatorApp.GetBaseAddresses(app)[0]);
    }

    /// <summary>Completes when <see cref="ActiveStreams"/> equals <paramref name="count"/>.</summary>
    /// <exception cref="TimeoutException">It did not within <paramref name="timeout"/>.</exception>
    public Task WaitForActiveStreamsAsync(int count, TimeSpan timeout, CancellationToken ct = default) =>
        _state.Counters.WaitUntilAsync(counters => counters.ActiveStreams == count, $"ActiveStreams == {count}", timeout, ct);

    /// <summary>Completes when <see cref="StreamsServed"/> reaches at least <paramref name="atLeast"/>.</summary>
    /// <exception cref="TimeoutException">It did not within <paramref name="timeout"/>.</exception>
    public Task WaitForStreamsServedAsync(int atLeast, TimeSpan timeout, CancellationToken ct = default) =>
        _state.Counters.WaitUntilAsync(counters => counters.StreamsServed >= atLeast, $"StreamsServed >= {atLeast}", timeout, ct);

    /// <summary>Completes when <see cref="RequestsRecorded"/> reaches at least <paramref name="atLeast"/>.</summary>
    /// <exception cref="TimeoutException">It did not within <paramref name="timeout"/>.</exception>
    public Task WaitForRequestsRecordedAsync(int atLeast, TimeSpan timeout, CancellationToken ct = default) =>
        _state.Counters.WaitUntilAsync(counters => counters.RequestsRecorded >= atLeast, $"RequestsRecorded >= {atLeast}", timeout, ct);

    /// <summary>Aborts every in-flight request now (live streams and hung requests), like a network cut; keeps listening.</summary>
    public void DropAllConnections()
    {
        var aborted = _state.InFlight.AbortAll();
        if (_app is { } app)
        {
            SimulatorApp.CreateLogger(app).DroppingConnections(aborted);
        }
    }

    /// <summary>Aborts every in-flight request and stops listening (camera powered off). Idempotent.</summary>
    public async Task StopAsync()
    {
        await _lifecycle.WaitAsync().ConfigureAwait(false);
        try
        {
            await StopAppAsync().ConfigureAwait(false);
        }
        finally
        {
            _lifecycle.Release();
        }
    }

    /// <summary>Stops if running, then listens again on the same port (camera comes back).</summary>
    public async Task RestartAsync()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        await _lifecycle.WaitAsync().ConfigureAwait(false);
        try
        {
            await StopAppAsync().ConfigureAwait(false);
            _app = await StartAppAsync(_state, BaseAddress.Port, CancellationToken.None).ConfigureAwait(false);
        }
        finally
        {
            _lifecycle.Release();
        }
    }

    /// <summary>Stops the simulator.</summary>
    public async ValueTask DisposeAsync()
    {
        await _lifecycle.WaitAsync().ConfigureAwait(false);
        try
        {
            _disposed = true;
            await StopAppAsync().ConfigureAwait(false);
        }
        finally
        {
            _lifecycle.Release();
        }
    }

    private static async Task<WebApplication> StartAppAsync(SimulatorState state, int port, CancellationToken cancellationToken)
    {
        var app = SimulatorApp.Build(SimulatorApp.CreateEmbeddedBuilder(), state, port);
        try
        {
            await app.StartAsync(cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await app.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        SimulatorApp.CreateLogger(app).Listening(SimulatorApp.GetVideoUrl(SimulatorApp.GetBaseAddresses(app)[0]).ToString());
        return app;
    }

    private async Task StopAppAsync()
    {
        if (_app is not { } app)
        {
            return;
        }

        _app = null;

        // A camera losing power does not finish its responses; without this, shutdown would wait for endless streams.
        _state.InFlight.AbortAll();
        await app.StopAsync().ConfigureAwait(false);
        await app.DisposeAsync().ConfigureAwait(false);
    }
}
