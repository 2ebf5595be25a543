using MjpegGateway.CameraSimulator.Auth;
using MjpegGateway.CameraSimulator.Diagnostics;
using MjpegGateway.CameraSimulator.Vapix;

namespace MjpegGateway.CameraSimulator.Hosting;

/// <summary>
/// Everything that outlives one run of the web application: a restarted camera keeps its options, faults,
/// counters and request log, and the test holding the <see cref="CameraSimulator"/> keeps seeing them.
/// </summary>
internal sealed class SimulatorState
{
    public SimulatorState(SimulatedCameraOptions options, TimeProvider timeProvider)
    {
        Options = options;
        TimeProvider = timeProvider;
        Counters = new StreamCounters(timeProvider);
        Requests = new RequestLog(Counters);
        Nonces = new DigestNonce(timeProvider);
    }

    public SimulatedCameraOptions Options { get; }

    public SimulatorFaults Faults { get; } = new();

    public TimeProvider TimeProvider { get; }

    public StreamCounters Counters { get; }

    /// <summary>Counts into <see cref="Counters"/>, so tests can wait for a request to be recorded.</summary>
    public RequestLog Requests { get; }

    public InFlightRequests InFlight { get; } = new();

    public DigestNonce Nonces { get; }

    public SimulatedPtz Ptz { get; } = new();

    public SimulatedParameters Parameters { get; } = new();
}
