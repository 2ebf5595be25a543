using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using MjpegGateway.Tests.Infrastructure;

namespace MjpegGateway.Tests.Admin;

public sealed class AdminApiTests
{
    [Fact]
    public async Task Admin_api_lists_a_connected_viewer_and_ends_it()
    {
        await using var camera = await CameraSimulator.CameraSimulator.StartAsync();
        await using var gateway = await TestGateway.StartAsync(TestGateway.Camera("admin-lobby", camera.VideoUrl));
        var aliceToken = gateway.Tokens.Viewer("alice", "admin-lobby");
        await using var alice = await MjpegStreamClient.OpenAsync(gateway.CreateClient(aliceToken), "cameras/admin-lobby/stream?fps=10");
        await alice.ReadFramesAsync(3);

        var cameras = await gateway.Client.GetFromJsonAsync<JsonElement>("api/cameras");
        var lobby = cameras.EnumerateArray().Single(c => c.GetProperty("id").GetString() == "admin-lobby");
        Assert.Equal(1, lobby.GetProperty("viewers").GetInt32());
        var hd = lobby.GetProperty("profiles").EnumerateArray().Single(p => p.GetProperty("name").GetString() == "hd");
        Assert.Equal("Streaming", hd.GetProperty("state").GetString());
        Assert.Equal(1, hd.GetProperty("viewers").GetInt32());
        Assert.True(hd.TryGetProperty("fpsIn", out _) && hd.TryGetProperty("bitrateOut", out _) && hd.TryGetProperty("reconnects", out _) && hd.TryGetProperty("lastError", out _));

        var viewers = await gateway.Client.GetFromJsonAsync<JsonElement>("api/cameras/admin-lobby/viewers");
        var viewer = Assert.Single(viewers.EnumerateArray().ToList());
        Assert.Equal("alice", viewer.GetProperty("subject").GetString());
        Assert.Equal("127.0.0.1", viewer.GetProperty("remoteAddress").GetString());
        Assert.Equal("hd", viewer.GetProperty("profile").GetString());
        Assert.True(viewer.GetProperty("framesSent").GetInt64() >= 3);
        Assert.Equal(10, viewer.GetProperty("maxFps").GetDouble());
        Assert.True(viewer.TryGetProperty("framesDropped", out _) && viewer.TryGetProperty("lagMilliseconds", out _) && viewer.TryGetProperty("startedAt", out _));

        var sessionId = viewer.GetProperty("sessionId").GetString();
        using var end = await gateway.Client.DeleteAsync($"api/viewers/{sessionId}");
        Assert.Equal(HttpStatusCode.NoContent, end.StatusCode);

        // The stream ends cleanly: the client sees the end of the body, not a hang.
        using var deadline = new CancellationTokenSource(Eventually.DefaultTimeout);
        while (await alice.ReadFrameAsync(deadline.Token) is not null)
        {
        }

        await Eventually.TrueAsync(() => gateway.Logs.Entries.Any(e => e.EventId == 500), "audit event of the ended session");
        var audit = gateway.Logs.Entries.Single(e => e.EventId == 500);
        Assert.Equal(Microsoft.Extensions.Logging.LogLevel.Information, audit.Level);
        Assert.Equal("MjpegGateway.Audit", audit.Category);
        foreach (var fact in new[] { sessionId!, "admin-lobby/hd", "alice", "127.0.0.1", "AdminKick" })
        {
            Assert.Contains(fact, audit.Message, StringComparison.Ordinal);
        }

        Assert.DoesNotContain(aliceToken, gateway.Logs.AllText, StringComparison.Ordinal);
        using var again = await gateway.Client.DeleteAsync($"api/viewers/{sessionId}");
        Assert.Equal(HttpStatusCode.NotFound, again.StatusCode);
        var after = await gateway.Client.GetFromJsonAsync<JsonElement>("api/cameras/admin-lobby/viewers");
        Assert.Empty(after.EnumerateArray());
    }

    [Fact]
    public async Task Admin_api_and_its_openapi_document_need_the_admin_role()
    {
        await using var camera = await CameraSimulator.CameraSimulator.StartAsync();
        await using var gateway = await TestGateway.StartAsync(TestGateway.Camera("admin-gate", camera.VideoUrl));
        var viewer = gateway.CreateClient(gateway.Tokens.Viewer("dave", "*"));

        foreach (var path in new[] { "api/cameras", "api/cameras/admin-gate/viewers", "api/configuration", "openapi/v1.json" })
        {
            using var anonymous = await gateway.Anonymous.GetAsync(path);
            using var notAdmin = await viewer.GetAsync(path);
            using var admin = await gateway.Client.GetAsync(path);
            Assert.Equal([HttpStatusCode.Unauthorized, HttpStatusCode.Forbidden, HttpStatusCode.OK], [anonymous.StatusCode, notAdmin.StatusCode, admin.StatusCode]);
        }

        using var kick = await viewer.DeleteAsync("api/viewers/anything");
        Assert.Equal(HttpStatusCode.Forbidden, kick.StatusCode);
        using var unknown = await gateway.Client.GetAsync("api/cameras/nope/viewers");
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);

        var document = await gateway.Client.GetFromJsonAsync<JsonElement>("openapi/v1.json");
        var paths = document.GetProperty("paths");
        Assert.True(paths.TryGetProperty("/api/cameras", out _));
        Assert.True(paths.TryGetProperty("/api/cameras/{id}/viewers", out _));
        Assert.True(paths.GetProperty("/api/viewers/{sessionId}").TryGetProperty("delete", out _));
    }
}
