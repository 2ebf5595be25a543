namespace MjpegGateway;

/// <summary>
/// The addresses the settings give Kestrel, read from the keys Kestrel binds from: <c>urls</c>, <c>http_ports</c>,
/// <c>https_ports</c> and <c>Kestrel:Endpoints</c>. With none, <see cref="GatewayApp"/> sets <c>urls</c> to HTTPS on
/// 8443 and HTTP on 8080.
/// </summary>
internal static class ListenAddresses
{
    private const string EndpointsSection = "Kestrel:Endpoints";

    /// <summary>True when the settings name at least one address.</summary>
    public static bool AnyConfigured(IConfiguration configuration) =>
        !string.IsNullOrEmpty(configuration["urls"])
        || !string.IsNullOrEmpty(configuration["http_ports"])
        || !string.IsNullOrEmpty(configuration["https_ports"])
        || configuration.GetSection(EndpointsSection).GetChildren().Any();

    /// <summary>True when at least one of them is HTTPS.</summary>
    public static bool AnyHttps(IConfiguration configuration) =>
        !string.IsNullOrWhiteSpace(configuration["https_ports"])
        || IsHttps(configuration["urls"])
        || configuration.GetSection(EndpointsSection).GetChildren().Any(endpoint => IsHttps(endpoint["Url"]));

    private static bool IsHttps(string? addresses) =>
        addresses?.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Any(address => address.StartsWith("https://", StringComparison.OrdinalIgnoreCase)) == true;
}
