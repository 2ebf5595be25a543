using System.Text.Json.Nodes;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.OpenApi;
using MjpegGateway.Tests.Infrastructure;

namespace MjpegGateway.Tests.Admin;

/// <summary>
/// The gateway serves its OpenAPI document from the build (Admin/openapi-v1.json) rather than generating it at start,
/// which would load MVC's API explorer into every gateway (docs/benchmarks.md, issue 10). This test generates the
/// document from the running endpoints with Microsoft.AspNetCore.OpenApi, as <c>MapOpenApi</c> would, and requires the
/// served one to match, so an endpoint change cannot leave the document behind.
/// </summary>
public sealed class OpenApiDocumentTests
{
    private const string Shipped = "src/MjpegGateway/Admin/openapi-v1.json";

    [Fact]
    public async Task The_served_document_is_the_one_the_endpoints_generate()
    {
        await using var gateway = await TestGateway.StartAsync(
            TestGateway.Camera("doc-lobby", new Uri("http://127.0.0.1:9/axis-cgi/mjpg/video.cgi")),
            configure: builder => builder.Services.AddOpenApi(),
            // The document's title and default tag name the application, which under the test runner is "testhost".
            build: (args, configure) => GatewayApp.BuildAsync([.. args, "--applicationName", typeof(GatewayApp).Assembly.GetName().Name!], configure));

        var served = JsonNode.Parse(await gateway.Client.GetStringAsync("openapi/v1.json"))!;
        var document = await gateway.Services.GetRequiredKeyedService<IOpenApiDocumentProvider>("v1").GetOpenApiDocumentAsync();
        var json = await document.SerializeAsJsonAsync(OpenApiSpecVersion.OpenApi3_1);
        var generated = JsonNode.Parse(json)!;
        // Where a running gateway listens is no part of the API.
        generated.AsObject().Remove("servers");

        if (!JsonNode.DeepEquals(served, generated))
        {
            var fresh = Path.Combine(Path.GetTempPath(), "mjpeg-gateway-openapi-v1.json");
            await File.WriteAllTextAsync(fresh, generated.ToJsonString(new() { WriteIndented = true }) + "\n");
            Assert.Fail($"The served OpenAPI document differs from the endpoints'. If the endpoint change is intended, copy {fresh} to {Shipped}.");
        }

        Assert.NotNull(served["paths"]?["/api/cameras"]);
    }
}
