using MjpegGateway.Cameras;

namespace MjpegGateway.Vapix;

/// <summary>Paths of the pass-through: the client's, per CGI, and the camera's base address it forwards to.</summary>
internal static class VapixRoutes
{
    /// <summary>The template every pass-through path falls under.</summary>
    public const string Template = "/cameras/{id}/vapix/{**path}";

    private const string VapixSegment = "/axis-cgi/";

    /// <summary>The exact client path of <paramref name="cgi"/> on <paramref name="cameraId"/>.</summary>
    public static string ClientPath(string cameraId, VapixCgi cgi) => "/cameras/" + cameraId + "/vapix/" + cgi.Path;

    /// <summary>The endpoint template of <paramref name="cgi"/>: its client path with the camera as route value <c>id</c>.</summary>
    public static string EndpointTemplate(VapixCgi cgi) => ClientPath("{id}", cgi);

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
