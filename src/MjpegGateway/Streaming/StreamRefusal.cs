using System.Globalization;
using MjpegGateway.Http;
using MjpegGateway.Telemetry;

namespace MjpegGateway.Streaming;

/// <summary>
/// Why a stream or snapshot was not admitted, as the RFC 9457 answer the caller gets: status, title, detail, the
/// Retry-After for refusals that pass, and the <see cref="StreamRejection"/> mark the metrics count it under.
/// </summary>
public sealed record StreamRefusal(int Status, string Title, string Detail, TimeSpan? RetryAfter = null, string? Mark = null)
{
    /// <summary>A reload closed the feed between the lookup and joining it.</summary>
    public static readonly StreamRefusal CameraReconfigured =
        new(StatusCodes.Status503ServiceUnavailable, "Camera reconfigured", "The camera was just removed or reconfigured; retry.", TimeSpan.FromSeconds(1));

    /// <summary>Marks the request and returns the problem-details answer.</summary>
    public IResult ToResult(HttpContext context)
    {
        if (Mark is not null)
        {
            StreamRejection.Mark(context, Mark);
        }

        if (Status == StatusCodes.Status401Unauthorized)
        {
            // RFC 9110 §15.5.2: a 401 names the scheme that would work.
            context.Response.Headers.WWWAuthenticate = "Bearer";
        }

        if (RetryAfter is { } retryAfter)
        {
            context.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
        }

        return Results.Problem(statusCode: Status, title: Title, detail: Detail);
    }
}
