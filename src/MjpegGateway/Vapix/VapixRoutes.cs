using MjpegGateway.Cameras;
using Yarp.ReverseProxy.Configuration;

namespace MjpegGateway.Vapix;

/// <summary>Names and addresses of the generated YARP routes and clusters: one cluster per camera, one route per camera and CGI.</summary>
internal static class VapixRoutes
{
    /// <summary>Route and cluster metadata: the configured camera id.</summary>
    public const string CameraKey = "Vapix.Camera";

    /// <summary>Route metadata: the <see cref="VapixCgi.Key"/>.</summary>
    public const string CgiKey = "Vapix.Cgi";

    /// <summary>Cluster metadata: changes whenever the camera's connection settings (URL, credentials) change, so YARP asks for a new client.</summary>
    public const string ConnectionKey = "Vapix.Connection";

    /// <summary>The template every pass-through path falls under.</summary>
    public const string Template = "/cameras/{id}/vapix/{**path}";

    private const string VapixSegment = "/axis-cgi/";

    public static string ClusterId(string cameraId) => "vapix-" + cameraId;

    public static string RouteId(string cameraId, VapixCgi cgi) => "vapix-" + cameraId + "-" + cgi.Key;

    /// <summary>The exact client path of <paramref name="cgi"/> on <paramref name="cameraId"/>.</summary>
    public static string ClientPath(string cameraId, VapixCgi cgi) => "/cameras/" + cameraId + "/vapix/" + cgi.Path;

    /// <summary>The camera and CGI of a generated route, or nulls for any other route.</summary>
    public static (string? CameraId, VapixCgi? Cgi) Of(RouteConfig route) =>
        route.Metadata is { } metadata && metadata.TryGetValue(CameraKey, out var camera) && metadata.TryGetValue(CgiKey, out var cgi)
            ? (camera, VapixAllowList.ByKey(cgi))
            : (null, null);

    /// <summary>
    /// The camera's base address, from its stream URL: everything before <c>/axis-cgi/</c> (a camera behind a path
    /// prefix keeps it), else scheme, host and port.
    /// </summary>
    public static string BaseAddress(Camera camera)
    {
        var url = new Uri(camera.Options.Url!, UriKind.Absolute);
        var path = url.AbsolutePath;
        var at = path.IndexOf(VapixSegment, StringComparison.OrdinalIgnoreCase);
        return url.GetLeftPart(UriPartial.Authority) + (at > 0 ? path[..at] : string.Empty) + "/";
    }
}
