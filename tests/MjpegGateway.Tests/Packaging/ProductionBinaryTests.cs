using System.Reflection;
using System.Text.Json;

namespace MjpegGateway.Tests.Packaging;

/// <summary>The production binary ships no demo: no simulator, no SkiaSharp (and its native libraries).</summary>
public sealed class ProductionBinaryTests
{
    private static readonly string[] DemoOnly = ["SkiaSharp", "MjpegGateway.CameraSimulator", "MjpegGateway.Demo"];

    [Fact]
    public void Production_assembly_references_no_demo_assembly()
    {
        var references = typeof(GatewayApp).Assembly.GetReferencedAssemblies().Select(a => a.Name!).ToList();

        Assert.Contains("Mjpeg", references);
        Assert.DoesNotContain(references, name => DemoOnly.Any(d => name.StartsWith(d, StringComparison.OrdinalIgnoreCase)));
    }

    [Fact]
    public void Production_dependency_graph_has_no_demo_package()
    {
        // MjpegGateway.deps.json (copied beside the test binaries) lists everything `dotnet publish` of the
        // production project ships: its libraries are exactly the publish output's managed and native files.
        var depsFile = Path.Combine(AppContext.BaseDirectory, "MjpegGateway.deps.json");
        Assert.True(File.Exists(depsFile), depsFile + " is copied beside the tests");
        using var deps = JsonDocument.Parse(File.ReadAllText(depsFile));
        var libraries = deps.RootElement.GetProperty("libraries").EnumerateObject().Select(p => p.Name).ToList();

        Assert.Contains(libraries, name => name.StartsWith("Yarp.ReverseProxy/", StringComparison.Ordinal));
        Assert.DoesNotContain(libraries, name => DemoOnly.Any(d => name.StartsWith(d, StringComparison.OrdinalIgnoreCase)));
    }
}
