using System.Text.Json;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace MjpegGateway.Health;

/// <summary>
/// Writes a probe's report as small JSON: overall status and each check's status and description. Descriptions are
/// written by our checks and hold only camera ids and states; exceptions and data are never written.
/// </summary>
internal static class HealthResponseWriter
{
    public static async Task WriteAsync(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "application/json; charset=utf-8";
        var body = new
        {
            status = report.Status.ToString(),
            checks = report.Entries.Select(e => new { name = e.Key, status = e.Value.Status.ToString(), description = e.Value.Description }),
        };
        await JsonSerializer.SerializeAsync(context.Response.Body, body, cancellationToken: context.RequestAborted);
    }
}
