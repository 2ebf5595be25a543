using Microsoft.AspNetCore.Server.Kestrel.Core.Features;

namespace MjpegGateway.Tls;

/// <summary>
/// Puts the release of idle TLS buffers (<see cref="IdleTlsBuffers"/>) in front of the whole pipeline, so each
/// HTTPS/1.x connection gets it with its first request, before anything is written.
/// </summary>
internal sealed class IdleTlsBufferRelease(ILogger<IdleTlsBufferRelease> logger) : IStartupFilter
{
    private int _unavailableLogged;

    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        app.Use((context, nextMiddleware) =>
        {
            // HTTP/1.x only: between its request and its response nothing else touches the connection's SSL object.
            if (context.Request.IsHttps
                && (HttpProtocol.IsHttp11(context.Request.Protocol) || HttpProtocol.IsHttp10(context.Request.Protocol))
                && context.Features.Get<ISslStreamFeature>()?.SslStream is { } tls
                && !IdleTlsBuffers.Release(tls))
            {
                LogUnavailableOnce();
            }

            return nextMiddleware(context);
        });
        next(app);
    };

    private void LogUnavailableOnce()
    {
        if (IdleTlsBuffers.UnavailableReason is { } reason && Interlocked.Exchange(ref _unavailableLogged, 1) == 0)
        {
            TlsLog.IdleBufferReleaseUnavailable(logger, reason);
        }
    }
}
