using System.Net;
using System.Text.Json;
using MjpegGateway.ClusterTests.Infrastructure;
using MjpegGateway.Tests.Infrastructure;

namespace MjpegGateway.ClusterTests.Replicas;

public sealed class TicketsAcrossReplicasTests
{
    [Fact]
    public async Task Ticket_minted_on_A_streams_on_B_and_its_replay_on_C_gets_401()
    {
        await using var rig = await ClusterRig.StartAsync(3);
        var token = rig.Tokens.Viewer("alice", ClusterRig.CameraId);
        using var mint = await rig.Client(rig.Replicas[0], token).PostAsync("cameras/lobby/tickets", null);
        mint.EnsureSuccessStatusCode();
        var ticket = JsonDocument.Parse(await mint.Content.ReadAsStringAsync()).RootElement.GetProperty("ticket").GetString()!;

        await using (var stream = await MjpegStreamClient.OpenAsync(rig.Replicas[1].Anonymous, $"cameras/lobby/stream?ticket={Uri.EscapeDataString(ticket)}"))
        {
            Assert.NotNull(await stream.ReadFrameAsync());
        }

        using var replay = await rig.Replicas[2].Anonymous.GetAsync($"cameras/lobby/stream?ticket={Uri.EscapeDataString(ticket)}", HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(HttpStatusCode.Unauthorized, replay.StatusCode);
    }

    [Fact]
    public async Task A_bad_request_on_one_replica_leaves_the_ticket_for_one_stream_on_another()
    {
        await using var rig = await ClusterRig.StartAsync(2);
        using var mint = await rig.Client(rig.Replicas[0], rig.Tokens.Viewer("alice", ClusterRig.CameraId)).PostAsync("cameras/lobby/tickets", null);
        mint.EnsureSuccessStatusCode();
        var ticket = Uri.EscapeDataString(JsonDocument.Parse(await mint.Content.ReadAsStringAsync()).RootElement.GetProperty("ticket").GetString()!);

        using (var badProfile = await rig.Replicas[0].Anonymous.GetAsync($"cameras/lobby/stream?profile=bogus&ticket={ticket}", HttpCompletionOption.ResponseHeadersRead))
        using (var badFps = await rig.Replicas[1].Anonymous.GetAsync($"cameras/lobby/stream?fps=0&ticket={ticket}", HttpCompletionOption.ResponseHeadersRead))
        {
            Assert.Equal((HttpStatusCode.BadRequest, HttpStatusCode.BadRequest), (badProfile.StatusCode, badFps.StatusCode));
        }

        await using (var stream = await MjpegStreamClient.OpenAsync(rig.Replicas[1].Anonymous, $"cameras/lobby/stream?ticket={ticket}"))
        {
            Assert.NotNull(await stream.ReadFrameAsync());
        }

        using var replay = await rig.Replicas[0].Anonymous.GetAsync($"cameras/lobby/stream?ticket={ticket}", HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(HttpStatusCode.Unauthorized, replay.StatusCode);
    }
}
