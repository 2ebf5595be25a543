using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using MjpegGateway.Tests.Infrastructure;

namespace MjpegGateway.Tests.Security;

public sealed class HostileInputTests : IAsyncLifetime
{
    private const string CameraPassword = "camera-secret-Pa55";
    private CameraSimulator.CameraSimulator _camera = null!;
    private TestGateway _gateway = null!;

    public async Task InitializeAsync()
    {
        _camera = await CameraSimulator.CameraSimulator.StartAsync(new CameraSimulator.SimulatedCameraOptions
        {
            Auth = CameraSimulator.SimulatedAuth.Digest,
            Username = "gw",
            Password = CameraPassword,
        });
        var settings = TestGateway.Camera("lobby", _camera.VideoUrl, ("Username", "gw"), ("Password", CameraPassword));

        // The request log is Debug (README, "Log volume"): on here, so its masking is checked too.
        settings["Logging:LogLevel:MjpegGateway.Security"] = "Debug";
        _gateway = await TestGateway.StartAsync(settings);
    }

    public async Task DisposeAsync()
    {
        await _gateway.DisposeAsync();
        await _camera.DisposeAsync();
    }

    [Theory]
    [InlineData("Bearer")]
    [InlineData("Bearer ")]
    [InlineData("Bearer a.b.c")]
    [InlineData("Bearer ....")]
    [InlineData("Basic Zm9vOmJhcg==")]
    [InlineData("Digest username=\"x\"")]
    [InlineData("Bearer eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.")]
    public async Task Garbage_authorization_headers_get_401_never_500(string header)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "cameras/lobby/snapshot");
        request.Headers.TryAddWithoutValidation("Authorization", header);
        using var response = await _gateway.Anonymous.SendAsync(request);
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task Huge_headers_are_refused_without_a_500()
    {
        // Over Kestrel's 32 KB header limit, and small enough that the client has mostly sent it all before the refusal.
        using var request = new HttpRequestMessage(HttpMethod.Get, "cameras/lobby/snapshot");
        request.Headers.TryAddWithoutValidation("Authorization", "Bearer " + new string('a', 40 * 1024));
        try
        {
            using var response = await _gateway.Anonymous.SendAsync(request);
            Assert.True((int)response.StatusCode is 400 or 401 or 431, $"got {(int)response.StatusCode}");
        }
        catch (HttpRequestException ex) when (ex.InnerException is IOException)
        {
            // Kestrel answers 431 and closes once the limit is passed; a client still writing its headers then finds
            // the connection closed (broken pipe or reset) before it reads the answer. Refused all the same.
        }

        // Unharmed: the next request on a new connection is answered as usual.
        using var after = await _gateway.Anonymous.GetAsync("cameras/lobby/snapshot");
        Assert.Equal(HttpStatusCode.Unauthorized, after.StatusCode);
    }

    [Theory]
    [InlineData("cameras/lobby/stream?ticket")]
    [InlineData("cameras/lobby/stream?ticket=%ZZ")]
    [InlineData("cameras/lobby/snapshot?ticket=a&ticket=b")]
    [InlineData("cameras/lobby/stream?fps=%00&profile=%FF%FE")]
    [InlineData("cameras/lobby/stream?%%%%=&&&&==")]
    [InlineData("cameras/lobby/snapshot?profile=" + "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx")]
    [InlineData("cameras/%E2%80%AE/stream")]
    [InlineData("cameras/lobby/stream/../snapshot")]
    public async Task Odd_queries_and_malformed_tickets_never_yield_500(string path)
    {
        using var anonymous = await _gateway.Anonymous.GetAsync(path, HttpCompletionOption.ResponseHeadersRead);
        using var admin = await _gateway.Client.GetAsync(path, HttpCompletionOption.ResponseHeadersRead);
        Assert.True((int)anonymous.StatusCode < 500, $"anonymous got {(int)anonymous.StatusCode}");
        Assert.True((int)admin.StatusCode < 500, $"admin got {(int)admin.StatusCode}");
    }

    [Fact]
    public async Task Logs_never_contain_tokens_tickets_or_camera_passwords()
    {
        var token = _gateway.Tokens.Viewer("alice", "lobby");
        var alice = _gateway.CreateClient(token);
        var expired = _gateway.Tokens.Create("eve", ["viewer"], ["lobby"], lifetime: TimeSpan.FromMinutes(-5));
        using (var minted = await alice.PostAsync("cameras/lobby/tickets", null))
        {
            var ticket = (await minted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("ticket").GetString()!;
            await using (var viewer = await MjpegStreamClient.OpenAsync(_gateway.Anonymous, $"cameras/lobby/stream?ticket={ticket}"))
            {
                await viewer.ReadFrameAsync();
            }

            using var replay = await _gateway.Anonymous.GetAsync($"cameras/lobby/stream?ticket={ticket}");
            Assert.Equal(HttpStatusCode.Unauthorized, replay.StatusCode);
            Assert.DoesNotContain(ticket, _gateway.Logs.AllText, StringComparison.Ordinal);
        }

        using (await _gateway.CreateClient(expired).GetAsync("cameras/lobby/snapshot"))
        using (await _gateway.Anonymous.GetAsync($"cameras/lobby/snapshot?access_token={token}"))
        using (await alice.GetAsync("cameras/lobby/snapshot"))
        {
        }

        var logs = _gateway.Logs.AllText;
        Assert.Contains("ticket=***", logs, StringComparison.Ordinal);
        Assert.DoesNotContain(token, logs, StringComparison.Ordinal);
        Assert.DoesNotContain(expired, logs, StringComparison.Ordinal);
        Assert.DoesNotContain(token.Split('.')[2], logs, StringComparison.Ordinal);
        Assert.DoesNotContain(CameraPassword, logs, StringComparison.Ordinal);
        Assert.DoesNotContain(Convert.ToBase64String(_gateway.Tokens.Key), logs, StringComparison.Ordinal);
    }
}
