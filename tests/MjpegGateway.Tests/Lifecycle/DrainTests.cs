using System.Diagnostics;
using System.Net;
using MjpegGateway.Tests.Health;
using MjpegGateway.Tests.Infrastructure;

namespace MjpegGateway.Tests.Lifecycle;

public sealed class DrainTests
{
    [Fact]
    public async Task Stopping_the_host_ends_streams_within_the_drain_time_and_closes_the_upstreams()
    {
        const double DrainSeconds = 1;
        await using var camera = await CameraSimulator.CameraSimulator.StartAsync();
        var gateway = await TestGateway.StartAsync(TestGateway.Camera("dock", camera.VideoUrl,
            ("Shutdown:DrainSeconds", "1"), ("Profiles:low", null)));
        using var client = OwnClient(gateway);
        await using var hd = await MjpegStreamClient.OpenAsync(client, "cameras/dock/stream?profile=hd");
        await using var low = await MjpegStreamClient.OpenAsync(client, "cameras/dock/stream?profile=low");
        await Task.WhenAll(hd.ReadFramesAsync(2), low.ReadFramesAsync(2));
        Assert.Equal(2, camera.ActiveStreams);

        var clock = Stopwatch.StartNew();
        var stopping = gateway.DisposeAsync().AsTask();
        var hdFrames = ReadToEndAsync(hd);
        var lowFrames = ReadToEndAsync(low);
        await Task.WhenAll(hdFrames, lowFrames).WaitAsync(Eventually.DefaultTimeout);
        var ended = clock.Elapsed;
        await stopping.WaitAsync(Eventually.DefaultTimeout);

        // Streams flowed during the drain, then ended cleanly, well before the host's own shutdown timeout.
        Assert.True(await hdFrames > 0, "frames kept flowing while draining");
        Assert.InRange(ended.TotalSeconds, DrainSeconds * 0.5, DrainSeconds + 5);
        await camera.WaitForActiveStreamsAsync(0, Eventually.DefaultTimeout);
        var audits = gateway.Logs.Entries.Where(e => e.EventId == 500).ToList();
        Assert.Equal(2, audits.Count);
        Assert.All(audits, a => Assert.Contains("reason Shutdown", a.Message, StringComparison.Ordinal));
        Assert.Contains(gateway.Logs.Entries, e => e.EventId == 490);
    }

    [Fact]
    public async Task Draining_gateway_is_not_ready_and_refuses_new_streams_while_current_ones_continue()
    {
        await using var camera = await CameraSimulator.CameraSimulator.StartAsync();
        var gateway = await TestGateway.StartAsync(TestGateway.Camera("berth", camera.VideoUrl, ("Shutdown:DrainSeconds", "30")));
        using var probes = OwnClient(gateway, admin: false);
        using var client = OwnClient(gateway);
        var viewer = await MjpegStreamClient.OpenAsync(client, "cameras/berth/stream");
        await viewer.ReadFramesAsync(1);
        await ProbeTests.EventuallyStatusAsync(probes, "readyz", HttpStatusCode.OK, "ready before shutdown");

        var stopping = gateway.DisposeAsync().AsTask();
        var body = await ProbeTests.EventuallyStatusAsync(probes, "readyz", HttpStatusCode.ServiceUnavailable, "not ready while draining");
        Assert.Contains("Shutting down", body, StringComparison.Ordinal);
        using (var refused = await client.GetAsync("cameras/berth/stream", HttpCompletionOption.ResponseHeadersRead))
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
            Assert.NotNull(refused.Headers.RetryAfter);
        }

        Assert.Equal(3, (await viewer.ReadFramesAsync(3)).Count);

        // The last viewer leaving ends the drain early: shutdown does not wait out the whole drain time.
        var clock = Stopwatch.StartNew();
        await viewer.DisposeAsync();
        await stopping.WaitAsync(Eventually.DefaultTimeout);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(15), $"shutdown took {clock.Elapsed}");
        Assert.Contains(gateway.Logs.Entries, e => e.EventId == 501 && e.Message.Contains("reason draining", StringComparison.Ordinal));
    }

    // Not one of the gateway's own clients: those are disposed when it stops, and these must outlive the stop.
    private static HttpClient OwnClient(TestGateway gateway, bool admin = true)
    {
        var client = new HttpClient(gateway.CreateHandler()) { BaseAddress = gateway.Address, Timeout = Eventually.DefaultTimeout };
        if (admin)
        {
            client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", gateway.Tokens.Admin());
        }

        return client;
    }

    private static async Task<int> ReadToEndAsync(MjpegStreamClient stream)
    {
        var frames = 0;
        while (await stream.ReadFrameAsync() is not null)
        {
            frames++;
        }

        return frames;
    }
}
