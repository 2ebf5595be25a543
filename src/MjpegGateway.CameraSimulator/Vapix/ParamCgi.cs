using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using MjpegGateway.CameraSimulator.Diagnostics;
using MjpegGateway.CameraSimulator.Hosting;

namespace MjpegGateway.CameraSimulator.Vapix;

/// <summary>
/// <c>GET|POST /axis-cgi/param.cgi</c>: <c>action=list[&amp;group=a,b]</c> answers <c>root.X.Y=value</c> lines;
/// <c>action=update&amp;X.Y=value</c> changes parameters and answers <c>OK</c>, as Axis does.
/// </summary>
internal sealed class ParamCgi(SimulatedParameters parameters, ILoggerFactory loggerFactory)
{
    public const string Path = "/axis-cgi/param.cgi";

    private const string ActionParameter = "action";
    private const string GroupParameter = "group";

    private readonly ILogger _logger = loggerFactory.CreateLogger(SimulatorLog.Category);

    public async Task HandleAsync(HttpContext context)
    {
        var request = context.Request;
        var values = request.Query.ToDictionary(q => q.Key, q => q.Value.ToString(), StringComparer.Ordinal);
        if (HttpMethods.IsPost(request.Method) && request.HasFormContentType)
        {
            foreach (var (key, value) in await request.ReadFormAsync(context.RequestAborted))
            {
                values[key] = value.ToString();
            }
        }

        values.TryGetValue(ActionParameter, out var action);
        switch (action)
        {
            case "list":
                await ListAsync(context, values.TryGetValue(GroupParameter, out var group) ? group : string.Empty);
                return;
            case "update":
                var updates = values.Where(v => v.Key != ActionParameter).ToList();
                if (!parameters.TryUpdate(updates))
                {
                    await CameraTextResponse.WriteAsync(context.Response, StatusCodes.Status200OK, "# Error: Error setting parameters");
                    return;
                }

                ControlLog.ParametersUpdated(_logger, string.Join(",", updates.Select(u => u.Key)));
                await CameraTextResponse.WriteAsync(context.Response, StatusCodes.Status200OK, "OK");
                return;
            default:
                _logger.BadRequest(request.Path, "no or unknown action");
                await CameraTextResponse.WriteAsync(context.Response, StatusCodes.Status400BadRequest, "# Error: Invalid action");
                return;
        }
    }

    private async Task ListAsync(HttpContext context, string groups)
    {
        var body = new StringBuilder();
        foreach (var group in groups.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).DefaultIfEmpty(string.Empty))
        {
            var entries = parameters.List(group);
            if (entries.Count == 0)
            {
                // What Axis firmware answers for an unknown group, with status 200.
                body.Append("# Error: Error -1 getting param in group '").Append(group).Append("'\n");
            }

            foreach (var (name, value) in entries)
            {
                body.Append(name).Append('=').Append(value).Append('\n');
            }
        }

        var bytes = Encoding.UTF8.GetBytes(body.ToString());
        context.Response.ContentType = "text/plain";
        context.Response.ContentLength = bytes.Length;
        await context.Response.Body.WriteAsync(bytes, context.RequestAborted);
    }
}
