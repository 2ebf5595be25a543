using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace MjpegGateway.CameraSimulator.Diagnostics;

/// <summary>
/// Outermost middleware: records every request (401s and faults included) and keeps it reachable for
/// <see cref="CameraSimulator.DropAllConnections"/> while it is in flight.
/// </summary>
internal sealed class RequestTrackingMiddleware(RequestDelegate next, RequestLog log, InFlightRequests inFlight, TimeProvider timeProvider)
{
    public async Task InvokeAsync(HttpContext context)
    {
        var recorder = new RequestRecorder(Describe(context, timeProvider.GetUtcNow()), log);
        context.Features.Set(recorder);
        context.Response.OnStarting(
            static state =>
            {
                var (recorder, response) = ((RequestRecorder, HttpResponse))state;
                recorder.Record(response.StatusCode);
                return Task.CompletedTask;
            },
            (recorder, context.Response));

        var id = inFlight.Add(context);
        var completed = false;
        try
        {
            await next(context);
            completed = true;
        }
        finally
        {
            inFlight.Remove(id);

            // A response without a body starts only after the pipeline returns, so settle the status here.
            recorder.Record(
                context.Response.HasStarted ? context.Response.StatusCode
                : context.RequestAborted.IsCancellationRequested ? RecordedRequest.NoResponse
                : completed ? context.Response.StatusCode
                : StatusCodes.Status500InternalServerError);
        }
    }

    private static RecordedRequest Describe(HttpContext context, DateTimeOffset at)
    {
        var request = context.Request;
        var headers = new Dictionary<string, string>(request.Headers.Count, StringComparer.OrdinalIgnoreCase);
        foreach (var (name, values) in request.Headers)
        {
            headers[name] = values.ToString();
        }

        var target = context.Features.Get<IHttpRequestFeature>()?.RawTarget;
        return new RecordedRequest(
            at,
            request.Method,
            string.IsNullOrEmpty(target) ? request.Path + request.QueryString : target,
            request.Headers.Authorization.Count > 0 ? request.Headers.Authorization.ToString() : null,
            headers,
            RecordedRequest.NoResponse);
    }
}
