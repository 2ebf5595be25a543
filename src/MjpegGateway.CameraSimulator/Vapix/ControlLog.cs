using Microsoft.Extensions.Logging;

namespace MjpegGateway.CameraSimulator.Vapix;

/// <summary>Log messages of the control CGIs (ptz.cgi, param.cgi), category <c>MjpegGateway.CameraSimulator</c>. Event ids 20–29.</summary>
internal static partial class ControlLog
{
    [LoggerMessage(20, LogLevel.Information, "PTZ moved to pan {Pan}, tilt {Tilt}, zoom {Zoom}")]
    public static partial void PtzMoved(ILogger logger, double pan, double tilt, int zoom);

    [LoggerMessage(21, LogLevel.Information, "Parameters updated: {Names}")]
    public static partial void ParametersUpdated(ILogger logger, string names);
}
