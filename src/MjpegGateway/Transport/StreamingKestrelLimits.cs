using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Server.Kestrel.Transport.Sockets;

namespace MjpegGateway.Transport;

/// <summary>Registers <see cref="StreamingTransportOptions"/> with Kestrel.</summary>
public static class StreamingKestrelLimits
{
    /// <summary>Applies the <c>StreamingTransport</c> settings to Kestrel's socket transport.</summary>
    public static WebApplicationBuilder UseStreamingTransport(this WebApplicationBuilder builder)
    {
        var options = builder.Configuration.GetSection(StreamingTransportOptions.Section).Get<StreamingTransportOptions>() ?? new StreamingTransportOptions();
        builder.WebHost.UseSockets(sockets => sockets.UnsafePreferInlineScheduling = options.PreferInlineScheduling);
        if (options.CoalesceTlsWrites)
        {
            // Kestrel applies endpoint defaults before it adds its HTTPS middleware (checked for --urls endpoints),
            // so this middleware sees the raw transport that SslStream writes to. Kestrel keeps one defaults action:
            // anything else that needs endpoint defaults must go in here.
            builder.WebHost.ConfigureKestrel(kestrel => kestrel.ConfigureEndpointDefaults(listen =>
                listen.Use(next => context => Tls.TlsRecordCoalescing.OnConnectionAsync(context, next))));
        }

        return builder;
    }
}
