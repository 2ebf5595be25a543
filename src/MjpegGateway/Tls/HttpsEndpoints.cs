namespace MjpegGateway.Tls;

/// <summary>
/// Whether the gateway's settings give Kestrel an HTTPS endpoint: an <c>https://</c> address in <c>urls</c> (which
/// <see cref="GatewayApp"/> sets to HTTPS on 8443 when nothing else is configured) or under <c>Kestrel:Endpoints</c>, or
/// an <c>https_ports</c> entry. Read from the same keys Kestrel binds from.
/// </summary>
internal static class HttpsEndpoints
{
    /// <summary>True when at least one HTTPS endpoint is configured.</summary>
    public static bool AnyConfigured(IConfiguration configuration) =>
        !string.IsNullOrWhiteSpace(configuration["https_ports"])
        || IsHttps(configuration["urls"])
        || configuration.GetSection("Kestrel:Endpoints").GetChildren().Any(endpoint => IsHttps(endpoint["Url"]));

    private static bool IsHttps(string? addresses) =>
        addresses?.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Any(address => address.StartsWith("https://", StringComparison.OrdinalIgnoreCase)) == true;
}
