namespace MjpegGateway.Tests.Configuration;

public sealed class StartupFailureTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("mjpeg-gateway-startup-").FullName;

    [Fact]
    public async Task Every_bad_setting_is_reported_at_once_one_line_each_and_the_process_exits_with_1()
    {
        const string ShortKey = "tiny-signing-key";
        var missingCertificate = Path.Combine(_folder, "missing", "gateway.pem");

        var (exitCode, stdout, stderr) = await GatewayProcess.RunToExitAsync(_folder, new Dictionary<string, string>
        {
            ["Auth__SigningKey"] = ShortKey,
            ["Gateway__MaxStreamsPerSubject"] = "-1",
            ["Tickets__LifetimeSeconds"] = "-5",
            ["Tickets__MaxOutstanding"] = "-1",
            ["RateLimits__Rules__admin__PerIp__Burst"] = "-3",
            ["Tls__CertificatePath"] = missingCertificate,
        });

        Assert.Equal(1, exitCode);
        var lines = stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        string[] expected =
        [
            "Auth:SigningKey", "Gateway:MaxStreamsPerSubject", "Tickets:LifetimeSeconds", "Tickets:MaxOutstanding",
            "RateLimits:Rules:admin:PerIp", "Tls:CertificatePath",
        ];
        foreach (var key in expected)
        {
            Assert.Single(lines, l => l.StartsWith(key, StringComparison.Ordinal));
        }

        Assert.Contains(lines, l => l.Contains(missingCertificate, StringComparison.Ordinal));
        Assert.Equal(expected.Length + 1, lines.Length);
        AssertNoCrash(stdout + stderr);
        Assert.DoesNotContain(ShortKey, stdout + stderr, StringComparison.Ordinal);
        // Logged too, through the gateway's logging (the console logger here), once per problem.
        foreach (var key in expected)
        {
            Assert.Contains("Cannot start, invalid configuration: " + key, stdout, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Malformed_json_names_the_file_and_the_position()
    {
        var file = Path.Combine(_folder, "appsettings.json");
        await File.WriteAllTextAsync(file, "{ \"Gateway\": { \"MaxViewersTotal\": } }");

        var (exitCode, stdout, stderr) = await GatewayProcess.RunToExitAsync(_folder, new Dictionary<string, string>());

        Assert.Equal(1, exitCode);
        var lines = stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.Equal(2, lines.Length);
        Assert.Contains(file, lines[1], StringComparison.Ordinal);
        Assert.Contains("LineNumber", lines[1], StringComparison.Ordinal);
        Assert.Contains("Cannot start, invalid configuration", stdout, StringComparison.Ordinal);
        AssertNoCrash(stdout + stderr);
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private static void AssertNoCrash(string output)
    {
        Assert.DoesNotContain("Unhandled exception", output, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", output, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception:", output, StringComparison.Ordinal);
    }
}
