using System.Net;
using System.Text.Json;
using MjpegGateway.ClusterTests.Infrastructure;
using MjpegGateway.Tests.Infrastructure;

namespace MjpegGateway.ClusterTests.Replicas;

public sealed class AdminAcrossReplicasTests
{
    [Fact]
    public async Task Camera_list_shows_the_owner_and_viewers_per_node_and_any_replica_ends_any_viewer()
    {
        await using var rig = await ClusterRig.StartAsync(2);
        var owner = rig.Replicas[0];
        var other = rig.Replicas[1];
        await using var onOwner = new FrameWatcher(await MjpegStreamClient.OpenAsync(rig.Client(owner), "cameras/lobby/stream"));
        await Eventually.TrueAsync(() => onOwner.GotFrameAfter(DateTime.MinValue), "the owner streams");
        var kicked = await MjpegStreamClient.OpenAsync(rig.Client(other), "cameras/lobby/stream");
        await using var stays = new FrameWatcher(await MjpegStreamClient.OpenAsync(rig.Client(other), "cameras/lobby/stream"));

        var hd = await Eventually.ValueAsync(
            async () => HdProfile(await rig.Client(other).GetStringAsync("api/cameras")),
            p => p.TryGetProperty("viewersByNode", out var v) && v.ValueKind == JsonValueKind.Object && v.EnumerateObject().Count() == 2,
            "both nodes' viewers are published",
            p => p.ToString());
        Assert.Equal("node0", hd.GetProperty("ownerNode").GetString());
        Assert.Equal(1, hd.GetProperty("viewersByNode").GetProperty("node0").GetInt32());
        Assert.Equal(2, hd.GetProperty("viewersByNode").GetProperty("node1").GetInt32());
        Assert.True(hd.GetProperty("relayed").GetBoolean(), "node1 reads the owner's relay");

        var viewers = JsonDocument.Parse(await rig.Client(other).GetStringAsync("api/cameras/lobby/viewers")).RootElement;
        var id = viewers.EnumerateArray().First().GetProperty("sessionId").GetString()!;
        using (var end = await rig.Client(owner).DeleteAsync($"api/viewers/{id}"))
        {
            Assert.Equal(HttpStatusCode.NoContent, end.StatusCode);
        }

        using (var unknown = await rig.Client(owner).DeleteAsync("api/viewers/no-such-session"))
        {
            Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        }

        await Eventually.ValueAsync(
            async () => (await rig.Client(other).GetStringAsync("api/cameras/lobby/viewers")).Contains(id, StringComparison.Ordinal),
            present => !present,
            "the viewer on the other replica ended",
            present => present.ToString());
        await kicked.DisposeAsync();
        Assert.False(stays.Ended);
    }

    private static JsonElement HdProfile(string cameras) =>
        JsonDocument.Parse(cameras).RootElement.EnumerateArray().Single().GetProperty("profiles").EnumerateArray().Single(p => p.GetProperty("name").GetString() == "hd");
}
