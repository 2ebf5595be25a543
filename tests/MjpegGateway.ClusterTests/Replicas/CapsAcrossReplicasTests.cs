using System.Net;
using MjpegGateway.ClusterTests.Infrastructure;
using MjpegGateway.Tests.Infrastructure;

namespace MjpegGateway.ClusterTests.Replicas;

public sealed class CapsAcrossReplicasTests
{
    [Fact]
    public async Task Per_subject_cap_of_four_holds_over_three_replicas_and_a_dead_replicas_slots_come_free()
    {
        await using var rig = await ClusterRig.StartAsync(3, ("Gateway:MaxStreamsPerSubject", "4"));
        var token = rig.Tokens.Viewer("capped", ClusterRig.CameraId);
        var clients = rig.Replicas.Select(r => rig.Client(r, token)).ToArray();

        var first = await StartManyAsync(clients, 12);
        Assert.Equal(4, first.Admitted.Count);
        Assert.Equal(8, first.Refused.Count(s => s == HttpStatusCode.TooManyRequests));
        await EndAllAsync(rig, first.Admitted);

        var second = await StartManyAsync(clients, 12);
        Assert.Equal(4, second.Admitted.Count);
        await EndAllAsync(rig, second.Admitted);

        // Two streams on the replica that will die, two on another: the cap is full.
        var doomed = rig.Replicas[2];
        var onDoomed = new[]
        {
            await MjpegStreamClient.OpenAsync(clients[2], "cameras/lobby/stream"),
            await MjpegStreamClient.OpenAsync(clients[2], "cameras/lobby/stream"),
        };
        await using var survivor1 = new FrameWatcher(await MjpegStreamClient.OpenAsync(clients[1], "cameras/lobby/stream"));
        await using var survivor2 = new FrameWatcher(await MjpegStreamClient.OpenAsync(clients[1], "cameras/lobby/stream"));
        await AssertCapFullAsync(clients[0]);

        var crashed = DateTime.UtcNow;
        await rig.CrashAsync(doomed);

        // The dead replica's slots lapse in Redis (no one beats for them); only the survivor's two are left.
        await Eventually.ValueAsync(rig.LiveSlotsAsync, n => n == 2, "the dead replica's two slots lapse", n => $"{n} live slots", TimeSpan.FromSeconds(15));
        Assert.InRange(DateTime.UtcNow - crashed, TimeSpan.Zero, TimeSpan.FromSeconds(15));

        // The camera may have moved with the crash: new streams start once the survivor streams again.
        await Eventually.TrueAsync(() => survivor1.GotFrameAfter(crashed + TimeSpan.FromSeconds(1)), "the survivor's viewers get frames again");
        await using var freed1 = await MjpegStreamClient.OpenAsync(clients[0], "cameras/lobby/stream");
        await using var freed2 = await MjpegStreamClient.OpenAsync(clients[1], "cameras/lobby/stream");
        await AssertCapFullAsync(clients[0]);
        foreach (var stream in onDoomed)
        {
            await stream.DisposeAsync();
        }
    }

    [Fact]
    public async Task Per_ip_rate_limit_over_three_replicas_admits_exactly_the_configured_permits()
    {
        await using var rig = await ClusterRig.StartAsync(3,
            ("RateLimits:Rules:snapshots:PerIp:PermitsPerMinute", "1"),
            ("RateLimits:Rules:snapshots:PerIp:Burst", "5"));
        var clients = rig.Replicas.Select(r => rig.Client(r)).ToArray();

        var answers = await Task.WhenAll(Enumerable.Range(0, 15).Select(async i =>
        {
            using var response = await clients[i % 3].GetAsync("cameras/lobby/snapshot");
            return (response.StatusCode, RetryAfter: response.Headers.RetryAfter?.Delta);
        }));

        Assert.Equal(5, answers.Count(a => a.StatusCode == HttpStatusCode.OK));
        Assert.Equal(10, answers.Count(a => a.StatusCode == HttpStatusCode.TooManyRequests));
        Assert.All(answers.Where(a => a.StatusCode == HttpStatusCode.TooManyRequests), a => Assert.InRange(a.RetryAfter ?? TimeSpan.Zero, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(60)));
    }

    private static async Task AssertCapFullAsync(HttpClient client)
    {
        using var full = await client.GetAsync("cameras/lobby/stream", HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(HttpStatusCode.TooManyRequests, full.StatusCode);
    }

    // Ending a stream frees its slot at once: wait for Redis to hold none, not for the sessions (they end first).
    private static async Task EndAllAsync(ClusterRig rig, List<MjpegStreamClient> streams)
    {
        foreach (var stream in streams)
        {
            await stream.DisposeAsync();
        }

        await Eventually.ValueAsync(rig.LiveSlotsAsync, n => n == 0, "the ended streams' slots are free", n => $"{n} live slots");
    }

    private static async Task<(List<MjpegStreamClient> Admitted, List<HttpStatusCode> Refused)> StartManyAsync(HttpClient[] clients, int count)
    {
        var attempts = await Task.WhenAll(Enumerable.Range(0, count).Select(async i =>
        {
            try
            {
                var stream = await MjpegStreamClient.OpenAsync(clients[i % clients.Length], "cameras/lobby/stream");
                return (Stream: stream, Status: HttpStatusCode.OK);
            }
            catch (HttpRequestException ex) when (ex.StatusCode is { } status)
            {
                return (Stream: (MjpegStreamClient?)null, Status: status);
            }
        }));
        return (attempts.Where(a => a.Stream is not null).Select(a => a.Stream!).ToList(), attempts.Where(a => a.Stream is null).Select(a => a.Status).ToList());
    }
}
