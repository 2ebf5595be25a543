using System.Net;
using Microsoft.Extensions.DependencyInjection;
using MjpegGateway.Tests.Infrastructure;

namespace MjpegGateway.Tests.Security;

public sealed class CapsAndLimitsTests
{
    [Fact]
    public async Task Burst_of_50_starts_against_a_camera_cap_of_10_admits_exactly_10()
    {
        await using var camera = await CameraSimulator.CameraSimulator.StartAsync();
        await using var gateway = await TestGateway.StartAsync(TestGateway.Camera("lobby", camera.VideoUrl, ("MaxViewers", "10"), ("IdleLingerSeconds", "30")));
        var client = gateway.Client;
        // Warm the upstream so admitted streams answer at once.
        using (var warm = await client.GetAsync("cameras/lobby/snapshot"))
        {
            Assert.Equal(HttpStatusCode.OK, warm.StatusCode);
        }

        using var start = new ManualResetEventSlim();
        var attempts = Enumerable.Range(0, 50).Select(_ => Task.Run(async () =>
        {
            start.Wait();
            return await client.GetAsync("cameras/lobby/stream", HttpCompletionOption.ResponseHeadersRead);
        })).ToList();
        start.Set();
        var responses = await Task.WhenAll(attempts);
        try
        {
            var admitted = responses.Where(r => r.StatusCode == HttpStatusCode.OK).ToList();
            var rejected = responses.Where(r => r.StatusCode != HttpStatusCode.OK).ToList();
            Assert.Equal(10, admitted.Count);
            Assert.Equal(40, rejected.Count);
            Assert.All(rejected, r =>
            {
                Assert.Equal(HttpStatusCode.ServiceUnavailable, r.StatusCode);
                Assert.NotNull(r.Headers.RetryAfter);
            });

            foreach (var r in admitted)
            {
                r.Dispose();
            }

            await Eventually.TrueAsync(() => gateway.Catalog.Viewers == 0, "admitted streams released");
            await using var next = await MjpegStreamClient.OpenAsync(client, "cameras/lobby/stream");
            Assert.NotNull(await next.ReadFrameAsync());
        }
        finally
        {
            foreach (var r in responses)
            {
                r.Dispose();
            }
        }
    }

    [Fact]
    public async Task Subject_over_its_stream_cap_gets_429_with_retry_after()
    {
        await using var camera = await CameraSimulator.CameraSimulator.StartAsync();
        await using var gateway = await TestGateway.StartAsync(TestGateway.Camera("lobby", camera.VideoUrl, ("Gateway:MaxStreamsPerSubject", "2")));
        var alice = gateway.CreateClient(gateway.Tokens.Viewer("alice", "lobby"));
        var bob = gateway.CreateClient(gateway.Tokens.Viewer("bob", "lobby"));

        await using var first = await MjpegStreamClient.OpenAsync(alice, "cameras/lobby/stream");
        await using var second = await MjpegStreamClient.OpenAsync(alice, "cameras/lobby/stream");
        using var third = await alice.GetAsync("cameras/lobby/stream", HttpCompletionOption.ResponseHeadersRead);
        await using var bobs = await MjpegStreamClient.OpenAsync(bob, "cameras/lobby/stream");

        Assert.Equal(HttpStatusCode.TooManyRequests, third.StatusCode);
        Assert.NotNull(third.Headers.RetryAfter);
        Assert.NotNull(await bobs.ReadFrameAsync());

        // Ended streams leave no per-caller entry behind: callers cannot grow the table by changing address.
        await first.DisposeAsync();
        await second.DisposeAsync();
        await bobs.DisposeAsync();
        var caps = (MjpegGateway.Security.StreamCaps)gateway.Services.GetRequiredService<MjpegGateway.Security.IStreamCaps>();
        await Eventually.TrueAsync(() => caps.TrackedCallers == 0, "per-caller counts removed");
    }

    [Fact]
    public async Task Client_ip_over_its_stream_cap_gets_429()
    {
        await using var camera = await CameraSimulator.CameraSimulator.StartAsync();
        await using var gateway = await TestGateway.StartAsync(TestGateway.Camera("lobby", camera.VideoUrl, ("Gateway:MaxStreamsPerIp", "1")));

        await using var first = await MjpegStreamClient.OpenAsync(gateway.Client, "cameras/lobby/stream");
        using var second = await gateway.CreateClient(gateway.Tokens.Viewer("other", "lobby")).GetAsync("cameras/lobby/stream", HttpCompletionOption.ResponseHeadersRead);

        Assert.Equal(HttpStatusCode.TooManyRequests, second.StatusCode);
    }

    [Fact]
    public async Task Per_ip_rate_limit_returns_429_problem_with_retry_after()
    {
        await using var camera = await CameraSimulator.CameraSimulator.StartAsync();
        await using var gateway = await TestGateway.StartAsync(TestGateway.Camera("lobby", camera.VideoUrl,
            ("RateLimits:Rules:snapshots:PerIp:PermitsPerMinute", "6"),
            ("RateLimits:Rules:snapshots:PerIp:Burst", "3")));
        var statuses = new List<HttpStatusCode>();
        HttpResponseMessage? limited = null;
        for (var i = 0; i < 6; i++)
        {
            // Different subjects from one address: only the per-IP bucket is shared.
            var response = await gateway.CreateClient(gateway.Tokens.Viewer("user" + i, "lobby")).GetAsync("cameras/lobby/snapshot");
            statuses.Add(response.StatusCode);
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                limited ??= response;
            }
        }

        Assert.Equal(3, statuses.Count(s => s == HttpStatusCode.OK));
        Assert.NotNull(limited);
        Assert.True(limited.Headers.RetryAfter?.Delta >= TimeSpan.FromSeconds(1));
        Assert.Equal("application/problem+json", limited.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Per_subject_rate_limit_returns_429_for_that_subject_only()
    {
        await using var camera = await CameraSimulator.CameraSimulator.StartAsync();
        await using var gateway = await TestGateway.StartAsync(TestGateway.Camera("lobby", camera.VideoUrl,
            ("RateLimits:Rules:tickets:PerSubject:PermitsPerMinute", "6"),
            ("RateLimits:Rules:tickets:PerSubject:Burst", "2")));
        var alice = gateway.CreateClient(gateway.Tokens.Viewer("alice", "lobby"));
        var bob = gateway.CreateClient(gateway.Tokens.Viewer("bob", "lobby"));

        var aliceStatuses = new List<HttpStatusCode>();
        for (var i = 0; i < 3; i++)
        {
            using var response = await alice.PostAsync("cameras/lobby/tickets", null);
            aliceStatuses.Add(response.StatusCode);
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                Assert.NotNull(response.Headers.RetryAfter);
            }
        }

        using var bobs = await bob.PostAsync("cameras/lobby/tickets", null);
        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests], aliceStatuses);
        Assert.Equal(HttpStatusCode.OK, bobs.StatusCode);
    }
}
