using System.Net;
using Microsoft.AspNetCore.Http.Extensions;
using Microsoft.Extensions.Options;
using MjpegGateway.Http;
using MjpegGateway.Tls;

namespace MjpegGateway.Security;

/// <summary>
/// The gateway's own front door, in one pass: a redacted request log, browser-facing security headers, the
/// plain-HTTP policy and the gateway-wide IP allow-list. Health probes pass the last two.
/// </summary>
internal sealed class SecurityMiddleware(
    RequestDelegate next,
    IOptionsMonitor<SecurityOptions> security,
    IOptions<TlsOptions> tls,
    TimeProvider time,
    ILogger<SecurityMiddleware> logger)
{
    private readonly CachedNetworkList<SecurityOptions> _allowed = new(o => o.AllowedNetworks, SecurityOptions.Section + ":AllowedNetworks");

    public async Task InvokeAsync(HttpContext context)
    {
        var started = time.GetTimestamp();
        var options = security.CurrentValue;
        AddHeaders(context, options);
        try
        {
            if (IsProbe(RedactedPath.Of(context.Request.Path)))
            {
                await next(context);
            }
            else if (!context.Request.IsHttps && RefusePlainHttp(context) is { } refusal)
            {
                await refusal.ExecuteAsync(context);
            }
            else if (_allowed.For(options) is { IsEmpty: false } allowed && !allowed.Contains(context.Connection.RemoteIpAddress))
            {
                SecurityLog.NotAllowedNetwork(logger, context.Connection.RemoteIpAddress?.ToString(), RedactedPath.Of(context.Request.Path));
                StreamRejection.Mark(context, StreamRejection.AllowList);
                await Results.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Forbidden", detail: "Your network may not use this gateway.").ExecuteAsync(context);
            }
            else
            {
                await next(context);
            }
        }
        finally
        {
            // Path and redacted query only: tickets and any token-like parameter are masked, headers never logged.
            SecurityLog.Request(logger, context.Request.Method, RedactedPath.Of(context.Request.Path), RedactedQuery.Of(context.Request.QueryString), context.Response.StatusCode, time.GetElapsedTime(started).TotalMilliseconds);
        }
    }

    private static bool IsProbe(PathString path) => path.StartsWithSegments("/healthz") || path.StartsWithSegments("/readyz");

    private static void AddHeaders(HttpContext context, SecurityOptions options)
    {
        var headers = context.Response.Headers;
        headers.XContentTypeOptions = "nosniff";
        headers["Referrer-Policy"] = "no-referrer";
        headers.XFrameOptions = "DENY";
        headers["Cross-Origin-Resource-Policy"] = "same-origin";
        // API answers carry a CSP that forbids everything; the static page sets its own strict one.
        headers.ContentSecurityPolicy = "default-src 'none'; frame-ancestors 'none'";
        if (context.Request.IsHttps && options.HstsMaxAgeDays > 0)
        {
            headers.StrictTransportSecurity = "max-age=" + ((long)options.HstsMaxAgeDays * 86400).ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
    }

    private IResult? RefusePlainHttp(HttpContext context)
    {
        switch (tls.Value.PlainHttp)
        {
            case PlainHttpMode.LoopbackOnly when context.Connection.RemoteIpAddress is { } remote && IPAddress.IsLoopback(remote):
                return null;
            case PlainHttpMode.Redirect when HttpMethods.IsGet(context.Request.Method) || HttpMethods.IsHead(context.Request.Method):
                var httpsPort = HttpsPort(context);
                if (httpsPort is not null)
                {
                    var host = new HostString(context.Request.Host.Host, httpsPort.Value);
                    return Results.Redirect($"https://{host}{context.Request.PathBase}{context.Request.Path}{context.Request.QueryString}", permanent: true, preserveMethod: true);
                }

                break;
        }

        SecurityLog.Denied(logger, RedactedPath.Of(context.Request.Path), "plain HTTP");
        return Results.Problem(statusCode: StatusCodes.Status403Forbidden, title: "HTTPS required", detail: "This gateway serves only over HTTPS.");
    }

    private static int? HttpsPort(HttpContext context)
    {
        var addresses = context.RequestServices.GetService<Microsoft.AspNetCore.Hosting.Server.IServer>()?
            .Features.Get<Microsoft.AspNetCore.Hosting.Server.Features.IServerAddressesFeature>()?.Addresses;
        var https = addresses?.FirstOrDefault(a => a.StartsWith("https://", StringComparison.OrdinalIgnoreCase));
        return https is not null && BindingAddress.Parse(https) is { Port: > 0 } binding ? binding.Port : null;
    }
}
