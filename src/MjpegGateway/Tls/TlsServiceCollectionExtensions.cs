namespace MjpegGateway.Tls;

/// <summary>Kestrel's HTTPS: the gateway's certificate (<see cref="ServerCertificate"/>) on every HTTPS endpoint.</summary>
public static class TlsServiceCollectionExtensions
{
    /// <summary>Binds <c>Tls</c>, registers the certificate and hands it to Kestrel's HTTPS defaults.</summary>
    public static WebApplicationBuilder AddGatewayTls(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<TlsOptions>().Bind(builder.Configuration.GetSection(TlsOptions.Section));
        builder.Services.AddSingleton<ServerCertificate>();
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.ConfigureHttpsDefaults(https =>
            {
                var certificate = kestrel.ApplicationServices.GetRequiredService<ServerCertificate>();
                // Kestrel makes its handshake context once from this certificate; each connection then gets the
                // current one's context instead, so a replaced file applies without a restart. (A selector would do
                // that too, but makes the context, chain and OpenSSL server context again for every handshake.)
                var atStart = certificate.Current;
                https.ServerCertificate = atStart;
                https.OnAuthenticate = (_, ssl) =>
                {
                    // An endpoint with a certificate of its own in Kestrel's settings keeps it.
                    if (ReferenceEquals(ssl.ServerCertificate, atStart))
                    {
                        ssl.ServerCertificateContext = certificate.Context;
                    }
                };
            });
        });
        return builder;
    }
}
