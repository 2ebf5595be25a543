using System.Net;
using Microsoft.Extensions.DependencyInjection;
using MjpegGateway.Streaming;
using MjpegGateway.ClusterTests.Infrastructure;
using MjpegGateway.Tests.Infrastructure;

namespace MjpegGateway.ClusterTests.Replicas;

public sealed class CapsAcrossReplicasTests
{
    [Fact(Skip = "Quarantined: in 1 of 4 full CI runs on a 2-core box no slot came free within 15 s after the replica crash (SlotSeconds 5); to be fixed under issue 11")]
    public async Task Per_subject_cap_of_four_holds_over_three_replicas_and_a_dead_replicas_slots_come_free()
    {
        await using var rig = await ClusterRig.StartAsync(3, ("Gateway:MaxStreamsPerSubject", "4"));
        var token = rig.Tokens.Viewer("capped", ClusterRig.CameraId);
        var clients = rig.Replicas.Select(r => rig.Client(r, token)).ToArray();

        var first = await StartManyAsync(clients, 12);
        Assert.Equal(4, first.Admitted.Count);
        Assert.Equal(8, first.Refused.Count(s => s == HttpStatusCode.TooManyRequests));

        foreach (var stream in first.Admitted)
        {
            await stream.DisposeAsync();
        }

        await Eventually.TrueAsync(() => rig.Replicas.Sum(r => r.Services.GetRequiredService<StreamSessions>().Count) == 0, "the first 4 streams ended on their replicas");
        var second = await StartManyAsync(clients, 12);
        Assert.Equal(4, second.Admitted.Count);
        foreach (var stream in second.Admitted)
        {
            await stream.DisposeAsync();
        }

        await Eventually.TrueAsync(() => rig.Replicas.Sum(r => r.Services.GetRequiredService<StreamSessions>().Count) == 0, "the second 4 streams ended on their replicas");

        // Two streams on the replica that will die, two on another: the cap is full.
        var doomed = rig.Replicas[2];
        var held = new List<MjpegStreamClient>
        {
            await MjpegStreamClient.OpenAsync(clients[2], "cameras/lobby/stream"),
            await MjpegStreamClient.OpenAsync(clients[2], "cameras/lobby/stream"),
            await MjpegStreamClient.OpenAsync(clients[1], "cameras/lobby/stream"),
            await MjpegStreamClient.OpenAsync(clients[1], "cameras/lobby/stream"),
        };
        using (var full = await clients[0].GetAsync("cameras/lobby/stream", HttpCompletionOption.ResponseHeadersRead))
        {
            Assert.Equal(HttpStatusCode.TooManyRequests, full.StatusCode);
        }

        var crashed = DateTime.UtcNow;
        await rig.CrashAsync(doomed);
        var freed = await Eventually.ValueAsync(
            () => StartAllOrNoneAsync(clients[..2], 2),
            r => r.Admitted.Count == 2,
            "the dead replica's two slots are free",
            r => $"{r.Admitted.Count} admitted",
            TimeSpan.FromSeconds(15));

        Assert.True(DateTime.UtcNow - crashed <= TimeSpan.FromSeconds(15));
        foreach (var stream in held.Concat(freed.Admitted))
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

    // A partial success gives its slots back at once, so a retry starts from the same count.
    private static async Task<(List<MjpegStreamClient> Admitted, List<HttpStatusCode> Refused)> StartAllOrNoneAsync(HttpClient[] clients, int count)
    {
        var attempt = await StartManyAsync(clients, count);
        if (attempt.Admitted.Count == count)
        {
            return attempt;
        }

        foreach (var stream in attempt.Admitted)
        {
            await stream.DisposeAsync();
        }

        await Task.Delay(200);
        return ([], attempt.Refused);
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
