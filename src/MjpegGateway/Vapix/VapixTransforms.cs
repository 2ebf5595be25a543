using Microsoft.AspNetCore.Http.Features;
using Yarp.ReverseProxy.Transforms;
using Yarp.ReverseProxy.Transforms.Builder;

namespace MjpegGateway.Vapix;

/// <summary>
/// What crosses the gateway, by allow-list in both directions. To the camera: a GET to the CGI's fixed path with the
/// guard's canonical query and no client header at all (no token, cookie or forwarding header); the camera's credentials
/// are added by the per-camera client. To the client: status, <c>Content-Type</c> and <c>Content-Length</c> only, so
/// no <c>Server</c> banner, <c>Set-Cookie</c>, <c>WWW-Authenticate</c> or anything else the camera says.
/// </summary>
internal static class VapixTransforms
{
    /// <summary>Applies to the generated routes; others are left alone.</summary>
    public static void Apply(TransformBuilderContext context)
    {
        if (VapixRoutes.Of(context.Route).Cgi is null)
        {
            return;
        }

        context.CopyRequestHeaders = false;
        context.UseDefaultForwarders = false;
        context.CopyResponseHeaders = false;
        context.CopyResponseTrailers = false;
        context.AddRequestTransform(TransformRequest);
        context.AddResponseTransform(TransformResponse);
    }

    private static ValueTask TransformRequest(RequestTransformContext context)
    {
        if (context.HttpContext.Features.Get<VapixCall>() is not { } call)
        {
            // Only the guard forwards; a request that got here without its verdict is refused (a set status stops YARP).
            context.HttpContext.Response.StatusCode = StatusCodes.Status403Forbidden;
            return default;
        }

        context.ProxyRequest.Method = HttpMethod.Get;
        context.ProxyRequest.RequestUri = new Uri(context.DestinationPrefix.TrimEnd('/') + call.Cgi.UpstreamPath + call.Query, UriKind.Absolute);
        return default;
    }

    private static ValueTask TransformResponse(ResponseTransformContext context)
    {
        var http = context.HttpContext;
        if (context.ProxyResponse is not { } upstream || http.Features.Get<VapixCall>() is not { } call)
        {
            return default;
        }

        // A custom reason phrase is one more place for a firmware banner.
        if (http.Features.Get<IHttpResponseFeature>() is { } feature)
        {
            feature.ReasonPhrase = null;
        }

        var status = (int)upstream.StatusCode;
        if (status is StatusCodes.Status401Unauthorized or StatusCodes.Status403Forbidden or StatusCodes.Status407ProxyAuthenticationRequired
            || status is >= 300 and < 400 or < 200)
        {
            call.CameraRefusedStatus = status;
            http.Response.StatusCode = StatusCodes.Status502BadGateway;
            context.SuppressResponseBody = true;
            return default;
        }

        var headers = http.Response.Headers;
        if (upstream.Content.Headers.ContentType is { } contentType)
        {
            headers.ContentType = contentType.ToString();
        }

        if (upstream.Content.Headers.ContentLength is { } length)
        {
            http.Response.ContentLength = length;
        }

        // Snapshots and parameter lists are live readings, and they are private to the caller.
        headers.CacheControl = "no-store";
        return default;
    }
}
