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
                https.ServerCertificateSelector = (_, _) => certificate.Current;
            });
        });
        return builder;
    }
}
