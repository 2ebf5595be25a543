using Microsoft.AspNetCore.Http.Features;
using Yarp.ReverseProxy.Forwarder;

namespace MjpegGateway.Vapix;

/// <summary>
/// What crosses the gateway, by allow-list in both directions. To the camera: a GET to the CGI's fixed path with the
/// guard's canonical query and no client header at all (no token, cookie or forwarding header); the camera's credentials
/// are added by the per-camera client. To the client: status, <c>Content-Type</c> and <c>Content-Length</c> only, so
/// no <c>Server</c> banner, <c>Set-Cookie</c>, <c>WWW-Authenticate</c> or anything else the camera says.
/// The base methods are never called: they copy headers and trailers.
/// </summary>
internal sealed class VapixTransformer : HttpTransformer
{
    public static readonly VapixTransformer Instance = new();

    private VapixTransformer()
    {
    }

    public override ValueTask TransformRequestAsync(HttpContext httpContext, HttpRequestMessage proxyRequest, string destinationPrefix, CancellationToken cancellationToken)
    {
        if (httpContext.Features.Get<VapixCall>() is not { } call)
        {
            // Only the guard forwards; a request that got here without its verdict is refused (a set status stops the forwarder).
            httpContext.Response.StatusCode = StatusCodes.Status403Forbidden;
            return default;
        }

        proxyRequest.Method = HttpMethod.Get;
        proxyRequest.RequestUri = new Uri(destinationPrefix.TrimEnd('/') + call.Cgi.UpstreamPath + call.Query, UriKind.Absolute);
        return default;
    }

    public override ValueTask<bool> TransformResponseAsync(HttpContext httpContext, HttpResponseMessage? proxyResponse, CancellationToken cancellationToken)
    {
        if (proxyResponse is null || httpContext.Features.Get<VapixCall>() is not { } call)
        {
            return new(true);
        }

        // A custom reason phrase is one more place for a firmware banner.
        if (httpContext.Features.Get<IHttpResponseFeature>() is { } feature)
        {
            feature.ReasonPhrase = null;
        }

        var status = (int)proxyResponse.StatusCode;
        if (status is StatusCodes.Status401Unauthorized or StatusCodes.Status403Forbidden or StatusCodes.Status407ProxyAuthenticationRequired
            || status is >= 300 and < 400 or < 200)
        {
            // The body is the camera's too: suppressed, and the guard answers with problem details.
            call.CameraRefusedStatus = status;
            httpContext.Response.StatusCode = StatusCodes.Status502BadGateway;
            return new(false);
        }

        var response = httpContext.Response;
        if (proxyResponse.Content.Headers.ContentType is { } contentType)
        {
            response.Headers.ContentType = contentType.ToString();
        }

        if (proxyResponse.Content.Headers.ContentLength is { } length)
        {
            response.ContentLength = length;
        }

        // Snapshots and parameter lists are live readings, and they are private to the caller.
        response.Headers.CacheControl = "no-store";
        return new(true);
    }

    public override ValueTask TransformResponseTrailersAsync(HttpContext httpContext, HttpResponseMessage proxyResponse, CancellationToken cancellationToken) => default;
}
