namespace MjpegGateway;

/// <summary><c>MjpegGateway --healthcheck</c>: asks the local gateway's <c>/healthz</c> and exits 0 when it answers 200.</summary>
internal static class HealthCheckCommand
{
    public const string Flag = "--healthcheck";
    private const string DefaultPort = "8080";
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(3);

    public static async Task<int> RunAsync()
    {
        var port = (Environment.GetEnvironmentVariable("ASPNETCORE_HTTP_PORTS") ?? DefaultPort).Split(';', ',')[0].Trim();
        using var client = new HttpClient { Timeout = Timeout };
        try
        {
            using var response = await client.GetAsync($"http://127.0.0.1:{port}/healthz");
            return response.IsSuccessStatusCode ? 0 : 1;
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
        {
            return 1;
        }
    }
}
