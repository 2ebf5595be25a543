using System.Net;
using System.Text.Json;
using MjpegGateway.Tests.Infrastructure;

namespace MjpegGateway.Tests.Streaming;

public sealed class BadInputTests : IAsyncLifetime
{
    private CameraSimulator.CameraSimulator _camera = null!;
    private TestGateway _gateway = null!;

    public async Task InitializeAsync()
    {
        _camera = await CameraSimulator.CameraSimulator.StartAsync();
        _gateway = await TestGateway.StartAsync(TestGateway.Camera("lobby", _camera.VideoUrl));
    }

    public async Task DisposeAsync()
    {
        await _gateway.DisposeAsync();
        await _camera.DisposeAsync();
    }

    [Theory]
    [InlineData("cameras/nope/stream", HttpStatusCode.NotFound)]
    [InlineData("cameras/nope/snapshot", HttpStatusCode.NotFound)]
    [InlineData("cameras/..%2F..%2Fetc/stream", HttpStatusCode.NotFound)]
    [InlineData("cameras/lobby/stream?profile=ultra", HttpStatusCode.BadRequest)]
    [InlineData("cameras/lobby/stream?profile=hd&profile=low", HttpStatusCode.BadRequest)]
    [InlineData("cameras/lobby/snapshot?profile=%00", HttpStatusCode.BadRequest)]
    [InlineData("cameras/lobby/stream?fps=abc", HttpStatusCode.BadRequest)]
    [InlineData("cameras/lobby/stream?fps=-1", HttpStatusCode.BadRequest)]
    [InlineData("cameras/lobby/stream?fps=0", HttpStatusCode.BadRequest)]
    [InlineData("cameras/lobby/stream?fps=NaN", HttpStatusCode.BadRequest)]
    [InlineData("cameras/lobby/stream?fps=1e400", HttpStatusCode.BadRequest)]
    [InlineData("cameras/lobby/stream?fps=99999", HttpStatusCode.BadRequest)]
    [InlineData("cameras/lobby/stream?fps=1&fps=2", HttpStatusCode.BadRequest)]
    [InlineData("no/such/route", HttpStatusCode.NotFound)]
    public async Task Bad_requests_get_problem_details_never_500(string path, HttpStatusCode expected)
    {
        using var response = await _gateway.Client.GetAsync(path);

        Assert.Equal(expected, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal((int)expected, problem.GetProperty("status").GetInt32());
        Assert.False(string.IsNullOrEmpty(problem.GetProperty("title").GetString()));
        Assert.Equal(0, _camera.StreamsServed);
    }

    [Fact]
    public async Task Camera_list_shows_ids_names_profiles_and_state_but_no_url_or_credentials()
    {
        var json = await _gateway.Client.GetStringAsync("cameras");
        var camera = JsonDocument.Parse(json).RootElement.EnumerateArray().Single();

        Assert.Equal("lobby", camera.GetProperty("id").GetString());
        Assert.Equal("hd", camera.GetProperty("defaultProfile").GetString());
        Assert.Equal(["hd", "low"], camera.GetProperty("profiles").EnumerateArray().Select(p => p.GetProperty("name").GetString()).Order());
        Assert.All(camera.GetProperty("profiles").EnumerateArray(), p => Assert.Equal("Idle", p.GetProperty("state").GetString()));
        Assert.DoesNotContain("127.0.0.1", json, StringComparison.Ordinal);
        Assert.DoesNotContain("axis-cgi", json, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Camera_that_sends_nothing_gives_503_with_retry_after()
    {
        await _camera.StopAsync();
        using var response = await _gateway.Client.GetAsync("cameras/lobby/snapshot");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.NotNull(response.Headers.RetryAfter);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }
}
