namespace MjpegGateway.Admin;

/// <summary>Registers the admin API's OpenAPI document.</summary>
public static class AdminServiceCollectionExtensions
{
    /// <summary>Adds the OpenAPI document generator (served at <c>/openapi/v1.json</c> by <see cref="AdminEndpoints.MapAdminApi"/>).</summary>
    public static IServiceCollection AddAdminApi(this IServiceCollection services)
    {
        services.AddOpenApi();
        return services;
    }
}
