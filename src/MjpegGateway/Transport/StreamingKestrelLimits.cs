using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Connections.Features;
using Microsoft.AspNetCore.Server.Kestrel.Transport.Sockets;

namespace MjpegGateway.Transport;

/// <summary>Registers <see cref="StreamingTransportOptions"/> with Kestrel.</summary>
public static class StreamingKestrelLimits
{
    /// <summary>Applies the <c>StreamingTransport</c> settings to Kestrel's socket transport.</summary>
    public static WebApplicationBuilder UseStreamingTransport(this WebApplicationBuilder builder)
    {
        var options = builder.Configuration.GetSection(StreamingTransportOptions.Section).Get<StreamingTransportOptions>() ?? new StreamingTransportOptions();
        // Kestrel's transport is set up before the host exists, so its settings are checked here, all at once.
        var validation = new StreamingTransportOptionsValidator().Validate(null, options);
        if (validation.Failed)
        {
            throw new Microsoft.Extensions.Options.OptionsValidationException(
                StreamingTransportOptions.Section, typeof(StreamingTransportOptions), validation.Failures);
        }

        if (options.PoolBlockBytes > 0)
        {
            builder.Services.AddSingleton(services =>
                new TransportMemoryPoolFactory(options.PoolBlockBytes, services.GetService<TimeProvider>() ?? TimeProvider.System));
            // Registered after Kestrel's own factory, so it is the one Kestrel's socket transport resolves.
            builder.Services.AddSingleton<IMemoryPoolFactory<byte>>(services => services.GetRequiredService<TransportMemoryPoolFactory>());
        }

        // OpenSSL is .NET's TLS on Linux only; Windows and macOS TLS manage their own buffers.
        if (options.ReleaseIdleTlsBuffers && OperatingSystem.IsLinux())
        {
            builder.Services.AddSingleton<IStartupFilter, Tls.IdleTlsBufferRelease>();
        }

        builder.WebHost.UseSockets(sockets => sockets.UnsafePreferInlineScheduling = options.PreferInlineScheduling);

        // Kestrel keeps one endpoint-defaults action: everything that needs endpoint defaults goes in here.
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.ConfigureEndpointDefaults(listen =>
        {
            var pools = options.PoolBlockBytes > 0 ? listen.ApplicationServices.GetRequiredService<TransportMemoryPoolFactory>() : null;
            if (pools is not null)
            {
                // First, so that every layer above the socket, the zero-copy sender's pipe included, sees it.
                var blocks = new ResponseBlockPool(pools.ResponsePool);
                listen.Use(next => context => blocks.OnConnectionAsync(context, next));
            }

            if (options.ZeroCopyPlainHttp)
            {
                // On the raw socket transport, under only the pool feature: it passes TLS connections through and owns plain ones' sends.
                var time = listen.ApplicationServices.GetService<TimeProvider>() ?? TimeProvider.System;
                listen.Use(next => context => ZeroCopyConnection.OnConnectionAsync(context, next, options.PreferInlineScheduling, time));
            }

            if (options.SendBufferBytes > 0)
            {
                listen.Use(next => context =>
                {
                    // Before the first byte is sent: a fixed SO_SNDBUF also turns off the kernel's auto-tuning.
                    if (context.Features.Get<IConnectionSocketFeature>()?.Socket is { } socket)
                    {
                        socket.SendBufferSize = options.SendBufferBytes;
                    }

                    return next(context);
                });
            }

            if (options.CoalesceTlsWrites)
            {
                // Kestrel applies endpoint defaults before it adds its HTTPS middleware (checked for --urls endpoints),
                // so this middleware sees the raw transport that SslStream writes to.
                // Asks the transport for large blocks, so a record is not spread over small ones (TransportMemoryPool).
                var largeRentHint = pools?.LargeRentHint ?? 0;
                listen.Use(next => context => Tls.TlsRecordCoalescing.OnConnectionAsync(context, next, largeRentHint));
            }
        }));

        return builder;
    }
}
