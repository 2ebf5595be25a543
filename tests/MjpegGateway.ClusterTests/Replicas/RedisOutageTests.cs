using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using MjpegGateway.Cluster;
using MjpegGateway.ClusterTests.Infrastructure;
using MjpegGateway.Tests.Infrastructure;

namespace MjpegGateway.ClusterTests.Replicas;

/// <summary>The documented behaviour while Redis is down (README, "More than one gateway"), and the recovery without a restart.</summary>
public sealed class RedisOutageTests
{
    [Fact]
    public async Task Redis_outage_keeps_connections_refuses_tickets_falls_back_to_local_caps_and_recovers()
    {
        await using var rig = await ClusterRig.StartAsync(2);
        var (a, b) = (rig.Replicas[0], rig.Replicas[1]);
        var token = rig.Tokens.Viewer("olivia", ClusterRig.CameraId);
        await using var onA = new FrameWatcher(await MjpegStreamClient.OpenAsync(rig.Client(a, token), "cameras/lobby/stream"));
        await Eventually.TrueAsync(() => onA.GotFrameAfter(DateTime.MinValue), "A streams");
        await using var onB = new FrameWatcher(await MjpegStreamClient.OpenAsync(rig.Client(b, token), "cameras/lobby/stream"));
        await Eventually.TrueAsync(() => onB.GotFrameAfter(DateTime.MinValue), "B streams through A's relay");
        var earlyTicket = await MintAsync(rig.Client(b, token));

        await rig.Redis.StopAsync();
        var down = DateTime.UtcNow;

        using (var mint = await rig.Client(a, token).PostAsync("cameras/lobby/tickets", null))
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, mint.StatusCode);
        }

        using (var redeem = await b.Anonymous.GetAsync($"cameras/lobby/snapshot?ticket={Uri.EscapeDataString(earlyTicket)}"))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, redeem.StatusCode);
        }

        using (var ready = await a.Anonymous.GetAsync("readyz"))
        {
            Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
            Assert.Equal("Degraded", JsonDocument.Parse(await ready.Content.ReadAsStringAsync()).RootElement.GetProperty("status").GetString());
        }

        // A new stream start is admitted under the node's own caps, with a warning.
        using (var start = await rig.Client(b, token).GetAsync("cameras/lobby/stream", HttpCompletionOption.ResponseHeadersRead))
        {
            Assert.NotEqual(HttpStatusCode.TooManyRequests, start.StatusCode);
        }

        Assert.Contains(b.Logs.Entries, e => e.EventId == 1103 && e.Level == LogLevel.Warning);
        // The owner cannot renew its lease: it stops pulling before the lease could lapse. Connections stay open.
        await rig.Camera.WaitForActiveStreamsAsync(0, TimeSpan.FromSeconds(5));
        Assert.False(onA.Ended);
        Assert.False(onB.Ended);
        Assert.DoesNotContain(rig.Replicas, r => r.Logs.AllText.Contains(rig.Redis.Password, StringComparison.Ordinal));

        await rig.Redis.StartAsync();
        var up = DateTime.UtcNow;

        await Eventually.TrueAsync(() => onA.GotFrameAfter(up) && onB.GotFrameAfter(up), "both viewers get frames again on the same connections", TimeSpan.FromSeconds(20));
        Assert.False(string.IsNullOrEmpty(await MintAsync(rig.Client(a, token))));
        await Eventually.ValueAsync(async () => (await a.Anonymous.GetAsync("readyz")).StatusCode, s => s == HttpStatusCode.OK, "ready", s => s.ToString());
        Assert.Single(rig.Replicas, r => r.Services.GetRequiredService<OwnedFeeds>().IsOwner("lobby/hd"));
        Assert.True(down < up);
    }

    private static async Task<string> MintAsync(HttpClient client)
    {
        using var response = await client.PostAsync("cameras/lobby/tickets", null);
        response.EnsureSuccessStatusCode();
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("ticket").GetString()!;
    }
}
