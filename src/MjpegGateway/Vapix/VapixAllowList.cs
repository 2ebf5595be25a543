using MjpegGateway.RateLimiting;
using MjpegGateway.Security;

namespace MjpegGateway.Vapix;

/// <summary>
/// The only VAPIX CGIs the gateway forwards, by role: viewers take snapshots, operators also steer PTZ, admins also
/// read parameters. Nothing writes camera settings: <c>param.cgi</c> is list-only for everyone.
/// </summary>
internal static class VapixAllowList
{
    /// <summary>Most parameters in one call; real calls use two or three.</summary>
    public const int MaxParameters = 16;

    /// <summary><c>jpg/image.cgi</c>: one full-resolution JPEG from the camera.</summary>
    public static readonly VapixCgi Image = new()
    {
        Key = "image",
        Path = "jpg/image.cgi",
        UpstreamPath = "/axis-cgi/jpg/image.cgi",
        MinimumRole = GatewayRoles.Viewer,
        Methods = [HttpMethods.Get],
        RateLimitGroup = RateLimitGroups.Snapshots,
        Parameters = ByName(
            VapixParameter.Resolution("resolution"),
            VapixParameter.Integer("compression", 0, 100),
            VapixParameter.VideoSource("camera")),
    };

    /// <summary><c>com/ptz.cgi</c>: pan, tilt, zoom, and reading the position.</summary>
    public static readonly VapixCgi Ptz = new()
    {
        Key = "ptz",
        Path = "com/ptz.cgi",
        UpstreamPath = "/axis-cgi/com/ptz.cgi",
        MinimumRole = GatewayRoles.Operator,
        Methods = [HttpMethods.Get, HttpMethods.Post],
        RateLimitGroup = RateLimitGroups.Control,
        Parameters = ByName(
            VapixParameter.Number("pan", -180, 180),
            VapixParameter.Number("tilt", -180, 180),
            VapixParameter.Integer("zoom", 1, 9999),
            VapixParameter.Number("rpan", -360, 360),
            VapixParameter.Number("rtilt", -360, 360),
            VapixParameter.Integer("rzoom", -9999, 9999),
            VapixParameter.OneOf("move", ["home", "up", "down", "left", "right", "upleft", "upright", "downleft", "downright", "stop"]),
            VapixParameter.IntegerPair("continuouspantiltmove", -100, 100),
            VapixParameter.Integer("continuouszoommove", -100, 100),
            VapixParameter.Integer("speed", 1, 100),
            VapixParameter.OneOf("query", ["position", "limits", "speed"]),
            VapixParameter.VideoSource("camera")),
    };

    /// <summary><c>param.cgi</c>: reading parameter groups; <c>action</c> must be <c>list</c>.</summary>
    public static readonly VapixCgi Param = new()
    {
        Key = "param",
        Path = "param.cgi",
        UpstreamPath = "/axis-cgi/param.cgi",
        MinimumRole = GatewayRoles.Admin,
        Methods = [HttpMethods.Get],
        RateLimitGroup = RateLimitGroups.Admin,
        Parameters = ByName(
            VapixParameter.OneOf("action", ["list"], forbidden: ["update", "add", "remove"], required: true),
            VapixParameter.GroupList("group")),
    };

    /// <summary>All forwarded CGIs.</summary>
    public static readonly IReadOnlyList<VapixCgi> All = [Image, Ptz, Param];

    private static Dictionary<string, VapixParameter> ByName(params VapixParameter[] parameters) =>
        parameters.ToDictionary(p => p.Name, StringComparer.Ordinal);
}
