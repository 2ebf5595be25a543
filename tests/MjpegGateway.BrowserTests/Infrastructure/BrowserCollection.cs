namespace MjpegGateway.BrowserTests.Infrastructure;

/// <summary>All browser tests share one Chromium and run one after another (two cores: a browser and 16 streams are enough).</summary>
[CollectionDefinition(Name)]
public sealed class BrowserCollection : ICollectionFixture<ChromiumBrowser>
{
    public const string Name = "Chromium";

    /// <summary>Trait on every browser test: <c>dotnet test --filter Category!=Chromium</c> leaves them out.</summary>
    public const string Trait = "Category";
}
