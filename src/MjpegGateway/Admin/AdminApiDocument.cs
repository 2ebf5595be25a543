namespace MjpegGateway.Admin;

/// <summary>
/// The OpenAPI document, served from the build. Generating it at start (Microsoft.AspNetCore.OpenApi's <c>MapOpenApi</c>)
/// loaded MVC's API explorer and the OpenAPI object model into every gateway for a document operators fetch now and
/// then: 2.3 MB of RSS before the first viewer (docs/benchmarks.md, issue 10). The tests generate it from the endpoints and
/// require this one to match (OpenApiDocumentTests), so it cannot fall behind them.
/// </summary>
internal static class AdminApiDocument
{
    /// <summary>Where it is served, as <c>MapOpenApi</c> served it.</summary>
    public const string Path = "/openapi/v1.json";

    private static readonly Lazy<byte[]> Document = new(Read);

    /// <summary>Writes the document.</summary>
    public static IResult Serve() => Results.Bytes(Document.Value, "application/json; charset=utf-8");

    private static byte[] Read()
    {
        using var stream = typeof(AdminApiDocument).Assembly.GetManifestResourceStream("MjpegGateway.Admin.openapi-v1.json")
            ?? throw new InvalidOperationException("The OpenAPI document is missing from the build.");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }
}
