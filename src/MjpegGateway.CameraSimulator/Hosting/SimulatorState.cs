using MjpegGateway.CameraSimulator.Auth;
using MjpegGateway.CameraSimulator.Diagnostics;
using MjpegGateway.CameraSimulator.Vapix;

namespace MjpegGateway.CameraSimulator.Hosting;

/// <summary>
/// Everything that outlives one run of the web application: a restarted camera keeps its options, faults,
/// counters and request log, and the test holding the <see cref="CameraSimulator"/> keeps seeing them.
/// </summary>
internal sealed class SimulatorState(SimulatedCameraOptions options, TimeProvider timeProvider)
{
    public SimulatedCameraOptions Options { get; } = options;

    public SimulatorFaults Faults { get; } = new();

    public TimeProvider TimeProvider { get; } = timeProvider;

    public StreamCounters Counters { get; } = new(timeProvider);

    public RequestLog Requests { get; } = new();

    public InFlightRequests InFlight { get; } = new();

    public DigestNonce Nonces { get; } = new(timeProvider);

    public SimulatedPtz Ptz { get; } = new();

    public SimulatedParameters Parameters { get; } = new();
}
