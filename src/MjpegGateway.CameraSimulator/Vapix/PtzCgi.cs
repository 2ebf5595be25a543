using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using MjpegGateway.CameraSimulator.Diagnostics;
using MjpegGateway.CameraSimulator.Hosting;

namespace MjpegGateway.CameraSimulator.Vapix;

/// <summary>
/// <c>GET|POST /axis-cgi/com/ptz.cgi</c>: moves the <see cref="SimulatedPtz"/> head. Commands answer 204 like Axis;
/// <c>query=position|limits|speed</c> answers <c>key=value</c> lines. POST takes the same parameters as a form body.
/// </summary>
internal sealed class PtzCgi(SimulatedPtz ptz, ILoggerFactory loggerFactory)
{
    public const string Path = "/axis-cgi/com/ptz.cgi";

    private readonly ILogger _logger = loggerFactory.CreateLogger(SimulatorLog.Category);

    public async Task HandleAsync(HttpContext context)
    {
        var request = context.Request;
        IEnumerable<KeyValuePair<string, Microsoft.Extensions.Primitives.StringValues>> parameters = request.Query;
        if (HttpMethods.IsPost(request.Method) && request.HasFormContentType)
        {
            parameters = parameters.Concat(await request.ReadFormAsync(context.RequestAborted));
        }

        if (!PtzCommand.TryParse(parameters, out var command, out var error))
        {
            _logger.BadRequest(request.Path, error);
            await CameraTextResponse.WriteAsync(context.Response, StatusCodes.Status400BadRequest, error);
            return;
        }

        if (command.ChangesHead)
        {
            ptz.Apply(command);
            ControlLog.PtzMoved(_logger, ptz.Pan, ptz.Tilt, ptz.Zoom);
        }

        if (command.Query is null)
        {
            context.Response.StatusCode = StatusCodes.Status204NoContent;
            return;
        }

        var body = command.Query switch
        {
            "limits" => string.Create(CultureInfo.InvariantCulture,
                $"MinPan={-SimulatedPtz.MaxPan}\nMaxPan={SimulatedPtz.MaxPan}\nMinTilt={-SimulatedPtz.MaxTilt}\nMaxTilt={SimulatedPtz.MaxTilt}\nMinZoom=1\nMaxZoom={SimulatedPtz.MaxZoom}\n"),
            "speed" => string.Create(CultureInfo.InvariantCulture, $"speed={ptz.Speed}\n"),
            _ => string.Create(CultureInfo.InvariantCulture, $"pan={ptz.Pan:0.0000}\ntilt={ptz.Tilt:0.0000}\nzoom={ptz.Zoom}\n"),
        };
        var bytes = Encoding.ASCII.GetBytes(body);
        context.Response.ContentType = "text/plain";
        context.Response.ContentLength = bytes.Length;
        await context.Response.Body.WriteAsync(bytes, context.RequestAborted);
    }
}
