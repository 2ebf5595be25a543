using System.Text.Json;

namespace MjpegGateway.Tests.Configuration;

/// <summary>The console log's format is the operator's choice (<c>Logging:Console:FormatterName</c>), as with ASP.NET Core's default host.</summary>
public sealed class ConsoleLogFormatTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("mjpeg-gateway-console-").FullName;

    [Fact]
    public async Task Json_chosen_in_settings_gives_one_json_object_per_line_for_a_log_collector()
    {
        var written = await GatewayProcess.WhileListeningAsync(_folder, new Dictionary<string, string> { ["Logging__Console__FormatterName"] = "json" }, (_, output) => output);

        using var line = JsonDocument.Parse(written.Split('\n').Single(l => l.Contains("Now listening on", StringComparison.Ordinal)));
        Assert.Equal("Microsoft.Hosting.Lifetime", line.RootElement.GetProperty("Category").GetString());
        Assert.StartsWith("Now listening on", line.RootElement.GetProperty("Message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_a_choice_the_log_is_the_simple_text_format()
    {
        var written = await GatewayProcess.WhileListeningAsync(_folder, new Dictionary<string, string>(), (_, output) => output);

        var lines = written.Split('\n');
        var at = Array.FindIndex(lines, l => l.Contains("Now listening on", StringComparison.Ordinal));
        Assert.True(at > 0, written);
        Assert.StartsWith("info: Microsoft.Hosting.Lifetime", lines[at - 1], StringComparison.Ordinal);
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);
}
