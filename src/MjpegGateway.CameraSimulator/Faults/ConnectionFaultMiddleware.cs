using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using MjpegGateway.CameraSimulator.Diagnostics;

namespace MjpegGateway.CameraSimulator.Faults;

/// <summary>
/// Applies the request-level faults that act before authentication: <see cref="SimulatorFaults.Offline"/>
/// and <see cref="SimulatorFaults.Hang"/>. A dead or wedged camera does not check passwords.
/// </summary>
internal sealed class ConnectionFaultMiddleware(
    RequestDelegate next,
    SimulatorFaults faults,
    IHostApplicationLifetime lifetime,
    ILoggerFactory loggerFactory)
{
    private readonly ILogger _logger = loggerFactory.CreateLogger(SimulatorLog.Category);

    public async Task InvokeAsync(HttpContext context)
    {
        if (faults.Offline)
        {
            _logger.FaultApplied(context.Request.Path, nameof(SimulatorFaults.Offline));
            context.Features.Get<RequestRecorder>()?.Record(RecordedRequest.NoResponse);
            context.Abort();
            return;
        }

        if (faults.Hang)
        {
            _logger.FaultApplied(context.Request.Path, nameof(SimulatorFaults.Hang));
            context.Features.Get<RequestRecorder>()?.Record(RecordedRequest.NoResponse);
            using var held = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, lifetime.ApplicationStopping);
            try
            {
                await Task.Delay(Timeout.Infinite, held.Token);
            }
            catch (OperationCanceledException)
            {
                // The client gave up or the simulator is stopping; either way no response is ever sent.
            }

            context.Abort();
            return;
        }

        await next(context);
    }
}
