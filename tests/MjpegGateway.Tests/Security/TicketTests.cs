using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using MjpegGateway.Tests.Infrastructure;

namespace MjpegGateway.Tests.Security;

public sealed class TicketTests : IAsyncLifetime
{
    private CameraSimulator.CameraSimulator _camera = null!;
    private TestGateway _gateway = null!;
    private HttpClient _alice = null!;

    public async Task InitializeAsync()
    {
        _camera = await CameraSimulator.CameraSimulator.StartAsync(new CameraSimulator.SimulatedCameraOptions { MaxStreams = 8 });
        var settings = TestGateway.Camera("lobby", _camera.VideoUrl);
        settings["Cameras:yard:Url"] = _camera.VideoUrl.ToString();
        _gateway = await TestGateway.StartAsync(settings);
        _alice = _gateway.CreateClient(_gateway.Tokens.Viewer("alice", "lobby", "yard"));
    }

    public async Task DisposeAsync()
    {
        await _gateway.DisposeAsync();
        await _camera.DisposeAsync();
    }

    private async Task<JsonElement> MintAsync(string camera)
    {
        using var response = await _alice.PostAsync($"cameras/{camera}/tickets", null);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("no-store", response.Headers.CacheControl?.ToString());
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    [Fact]
    public async Task Ticket_opens_a_stream_once_and_a_replay_gets_401()
    {
        var ticket = await MintAsync("lobby");
        var url = ticket.GetProperty("streamUrl").GetString()!.TrimStart('/');

        await using (var viewer = await MjpegStreamClient.OpenAsync(_gateway.Anonymous, url))
        {
            Assert.NotNull(await viewer.ReadFrameAsync());
        }

        using var replay = await _gateway.Anonymous.GetAsync(url);
        Assert.Equal(HttpStatusCode.Unauthorized, replay.StatusCode);
    }

    [Fact]
    public async Task Ticket_works_for_a_snapshot_in_an_img_style_request()
    {
        var ticket = await MintAsync("lobby");
        using var snapshot = await _gateway.Anonymous.GetAsync(ticket.GetProperty("snapshotUrl").GetString()!.TrimStart('/'));
        Assert.Equal(HttpStatusCode.OK, snapshot.StatusCode);
        Assert.Equal("image/jpeg", snapshot.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Expired_ticket_gets_401()
    {
        await using var gateway = await TestGateway.StartAsync(TestGateway.Camera("lobby", _camera.VideoUrl, ("Tickets:LifetimeSeconds", "1")));
        using var minted = await gateway.Client.PostAsync("cameras/lobby/tickets", null);
        var ticket = await minted.Content.ReadFromJsonAsync<JsonElement>();
        var expiresAt = ticket.GetProperty("expiresAt").GetDateTimeOffset();
        Assert.InRange(expiresAt - DateTimeOffset.UtcNow, TimeSpan.Zero, TimeSpan.FromSeconds(1.1));
        // The ticket lives 1 s here; let it run out.
        await Task.Delay(expiresAt - DateTimeOffset.UtcNow + TimeSpan.FromMilliseconds(200));

        using var response = await gateway.Anonymous.GetAsync(ticket.GetProperty("snapshotUrl").GetString()!.TrimStart('/'));
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task Tampered_or_malformed_ticket_gets_401()
    {
        var value = (await MintAsync("lobby")).GetProperty("ticket").GetString()!;
        var tampered = (value[0] == 'A' ? 'B' : 'A') + value[1..];

        foreach (var bad in new[] { tampered, "", "x", new string('A', 5000), "%00%ff", value + "&ticket=" + value })
        {
            using var response = await _gateway.Anonymous.GetAsync($"cameras/lobby/snapshot?ticket={bad}");
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        }
    }

    [Fact]
    public async Task Ticket_for_camera_A_gets_403_on_camera_B()
    {
        var ticket = (await MintAsync("lobby")).GetProperty("ticket").GetString()!;
        using var response = await _gateway.Anonymous.GetAsync($"cameras/yard/stream?ticket={Uri.EscapeDataString(ticket)}");
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task A_ticket_cannot_mint_tickets_and_a_token_without_the_camera_cannot_either()
    {
        var ticket = (await MintAsync("lobby")).GetProperty("ticket").GetString()!;
        using var byTicket = await _gateway.Anonymous.PostAsync($"cameras/lobby/tickets?ticket={Uri.EscapeDataString(ticket)}", null);
        using var otherCamera = await _gateway.CreateClient(_gateway.Tokens.Viewer("bob", "yard")).PostAsync("cameras/lobby/tickets", null);

        Assert.Equal(HttpStatusCode.Unauthorized, byTicket.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, otherCamera.StatusCode);
    }
}
