namespace MjpegGateway.Http;

/// <summary>
/// Why a stream request was refused, for the <c>mjpeg.stream.rejections</c> metric and the audit log. Code that
/// refuses a request calls <see cref="Mark"/>; otherwise the reason is inferred from the status code.
/// </summary>
public static class StreamRejection
{
    /// <summary>No or invalid credential, or a token without rights to the camera.</summary>
    public const string Auth = "auth";

    /// <summary>The client's network is not allowed.</summary>
    public const string AllowList = "allow_list";

    /// <summary>A rate limit refused the request (429).</summary>
    public const string RateLimit = "rate_limit";

    /// <summary>A viewer cap (camera, gateway, subject or IP) was reached.</summary>
    public const string Cap = "cap";

    /// <summary>The camera cannot serve (refused our credentials, busy, no picture in time).</summary>
    public const string Unavailable = "unavailable";

    /// <summary>The gateway is overloaded: it is skipping camera frames for the viewers it has (<c>Gateway:Overload</c>).</summary>
    public const string Overload = "overload";

    /// <summary>The gateway is shutting down.</summary>
    public const string Draining = "draining";

    /// <summary>Unknown camera.</summary>
    public const string NotFound = "not_found";

    /// <summary>Bad parameters.</summary>
    public const string BadRequest = "bad_request";

    private const string ItemKey = "MjpegGateway.StreamRejection";

    /// <summary>Records why <paramref name="context"/>'s request is being refused.</summary>
    public static void Mark(HttpContext context, string reason) => context.Items[ItemKey] = reason;

    /// <summary>The marked reason, or one inferred from the status code; null when the request was not refused.</summary>
    internal static string? Of(HttpContext context)
    {
        var status = context.Response.StatusCode;
        if (status < StatusCodes.Status400BadRequest)
        {
            return null;
        }

        if (context.Items.TryGetValue(ItemKey, out var marked) && marked is string reason)
        {
            return reason;
        }

        return status switch
        {
            StatusCodes.Status401Unauthorized or StatusCodes.Status403Forbidden => Auth,
            StatusCodes.Status429TooManyRequests => RateLimit,
            StatusCodes.Status503ServiceUnavailable => Unavailable,
            StatusCodes.Status404NotFound => NotFound,
            StatusCodes.Status400BadRequest => BadRequest,
            _ => null,
        };
    }
}
