namespace MjpegGateway.Tests.Configuration;

/// <summary>What a started gateway has mapped: parts it does not use stay out of its memory (docs/benchmarks.md, issue 10).</summary>
public sealed class StartupFootprintTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("mjpeg-gateway-footprint-").FullName;

    [Fact]
    public async Task A_started_gateway_has_loaded_no_Redis_client_without_a_cluster_no_expression_compiler_no_IIS_no_QUIC_and_no_OpenAPI_generator()
    {
        var mapped = await GatewayProcess.WhileListeningAsync(_folder, new Dictionary<string, string>(), (process, _) =>
            File.ReadAllLines($"/proc/{process.Id}/maps").Select(l => Path.GetFileName(l.Split(' ', StringSplitOptions.RemoveEmptyEntries).Last())).ToHashSet());

        // The gateway's own assembly is mapped (the check sees what it should).
        Assert.Contains("MjpegGateway.dll", mapped);
        Assert.DoesNotContain("StackExchange.Redis.dll", mapped);
        // Request delegates come from the build (EnableRequestDelegateGenerator) and the camera filter is one instance.
        Assert.DoesNotContain("System.Linq.Expressions.dll", mapped);
        // The slim host builder: no IIS integration and no HTTP/3 transport on a gateway that serves neither.
        Assert.DoesNotContain("Microsoft.AspNetCore.Server.IIS.dll", mapped);
        Assert.DoesNotContain("System.Net.Quic.dll", mapped);
        // The OpenAPI document comes from the build: neither MVC's API explorer nor the OpenAPI object model is loaded.
        Assert.DoesNotContain("Microsoft.AspNetCore.Mvc.Core.dll", mapped);
        Assert.DoesNotContain("Microsoft.OpenApi.dll", mapped);
    }

    [Theory]
    [InlineData("https://127.0.0.1:0", true)]
    [InlineData("http://127.0.0.1:0", false)]
    public async Task The_certificate_is_loaded_or_made_only_where_an_HTTPS_endpoint_is_configured(string urls, bool https)
    {
        var made = await GatewayProcess.WhileListeningAsync(
            _folder,
            new Dictionary<string, string> { ["urls"] = urls, ["Tls__PlainHttp"] = "LoopbackOnly" },
            (_, output) => (File.Exists(Path.Combine(_folder, "gateway-selfsigned.pfx")), output.Contains("self-signed certificate", StringComparison.Ordinal)));

        // The data folder is the gateway's (GatewayProcess sets Tls:DataPath): it makes the file when it needs one.
        Assert.Equal((https, https), made);
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);
}
