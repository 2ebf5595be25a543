namespace MjpegGateway.Vapix;

/// <summary>
/// A pass-through call that passed every check, as a request feature: the guard sets it, the request transform builds
/// the camera's URL from it alone (never from the client's path or query), and the response transform reports back.
/// </summary>
internal sealed class VapixCall(string cameraId, VapixCgi cgi, string query)
{
    /// <summary>Configured camera id.</summary>
    public string CameraId { get; } = cameraId;

    /// <summary>The allow-listed CGI.</summary>
    public VapixCgi Cgi { get; } = cgi;

    /// <summary>The canonical query, <c>?a=1&amp;b=2</c>, or empty.</summary>
    public string Query { get; } = query;

    /// <summary>Set when the camera answered with a status that must not reach the client as is (401, 403, 407, 3xx).</summary>
    public int? CameraRefusedStatus { get; set; }
}
