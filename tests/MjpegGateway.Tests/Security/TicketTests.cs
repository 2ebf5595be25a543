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

    [Fact]
    public async Task A_subject_holds_at_most_8_unused_tickets_while_others_still_mint()
    {
        var values = new List<string>();
        for (var i = 0; i < 8; i++)
        {
            values.Add((await MintAsync("lobby")).GetProperty("ticket").GetString()!);
        }

        using var ninth = await _alice.PostAsync("cameras/lobby/tickets", null);
        using var bobs = await _gateway.CreateClient(_gateway.Tokens.Viewer("bob", "lobby")).PostAsync("cameras/lobby/tickets", null);

        Assert.Equal(HttpStatusCode.TooManyRequests, ninth.StatusCode);
        Assert.True(ninth.Headers.RetryAfter?.Delta >= TimeSpan.FromSeconds(1), $"Retry-After {ninth.Headers.RetryAfter}");
        Assert.Equal("application/problem+json", ninth.Content.Headers.ContentType?.MediaType);
        var problem = await ninth.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Contains("8", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, bobs.StatusCode);

        // Using one of them frees its place.
        using (var used = await _gateway.Anonymous.GetAsync($"cameras/lobby/snapshot?ticket={Uri.EscapeDataString(values[0])}"))
        {
            Assert.Equal(HttpStatusCode.OK, used.StatusCode);
        }

        await MintAsync("lobby");
    }

    [Theory]
    [InlineData("lobby/stream?profile=bogus", HttpStatusCode.BadRequest)]
    [InlineData("lobby/stream?profile=hd&profile=low", HttpStatusCode.BadRequest)]
    [InlineData("lobby/stream?fps=0", HttpStatusCode.BadRequest)]
    [InlineData("lobby/stream?fps=fast", HttpStatusCode.BadRequest)]
    [InlineData("lobby/snapshot?profile=bogus", HttpStatusCode.BadRequest)]
    [InlineData("nope/stream?profile=hd", HttpStatusCode.NotFound)]
    [InlineData("nope/snapshot?profile=hd", HttpStatusCode.NotFound)]
    public async Task A_bad_request_does_not_use_up_the_ticket(string bad, HttpStatusCode expected)
    {
        var ticket = Uri.EscapeDataString((await MintAsync("lobby")).GetProperty("ticket").GetString()!);

        using (var refused = await _gateway.Anonymous.GetAsync($"cameras/{bad}&ticket={ticket}", HttpCompletionOption.ResponseHeadersRead))
        {
            Assert.Equal(expected, refused.StatusCode);
            Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
        }

        // Still good for one stream, and only one.
        await using (var viewer = await MjpegStreamClient.OpenAsync(_gateway.Anonymous, $"cameras/lobby/stream?ticket={ticket}"))
        {
            Assert.NotNull(await viewer.ReadFrameAsync());
        }

        using var replay = await _gateway.Anonymous.GetAsync($"cameras/lobby/stream?ticket={ticket}", HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(HttpStatusCode.Unauthorized, replay.StatusCode);
    }

    [Fact]
    public async Task A_snapshot_ticket_refused_for_a_bad_profile_still_gives_one_snapshot()
    {
        var ticket = Uri.EscapeDataString((await MintAsync("lobby")).GetProperty("ticket").GetString()!);

        using var refused = await _gateway.Anonymous.GetAsync($"cameras/lobby/snapshot?profile=bogus&ticket={ticket}");
        using var snapshot = await _gateway.Anonymous.GetAsync($"cameras/lobby/snapshot?profile=low&ticket={ticket}");
        using var replay = await _gateway.Anonymous.GetAsync($"cameras/lobby/snapshot?ticket={ticket}");

        Assert.Equal(
            [HttpStatusCode.BadRequest, HttpStatusCode.OK, HttpStatusCode.Unauthorized],
            [refused.StatusCode, snapshot.StatusCode, replay.StatusCode]);
        Assert.Equal("image/jpeg", snapshot.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task One_ticket_sent_ten_times_at_once_opens_exactly_one_stream()
    {
        var ticket = Uri.EscapeDataString((await MintAsync("lobby")).GetProperty("ticket").GetString()!);
        // Each request on its own connection, so they race through authentication together.
        var clients = Enumerable.Range(0, 10).Select(_ => _gateway.CreateClient(null)).ToList();

        var responses = await Task.WhenAll(clients.Select(c => c.GetAsync($"cameras/lobby/stream?ticket={ticket}", HttpCompletionOption.ResponseHeadersRead)));
        try
        {
            Assert.Single(responses, r => r.StatusCode == HttpStatusCode.OK);
            Assert.All(responses.Where(r => r.StatusCode != HttpStatusCode.OK), r =>
            {
                Assert.Equal(HttpStatusCode.Unauthorized, r.StatusCode);
                Assert.Equal("Bearer", r.Headers.WwwAuthenticate.Single().Scheme);
            });
        }
        finally
        {
            foreach (var response in responses)
            {
                response.Dispose();
            }
        }
    }
}
