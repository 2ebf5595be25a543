using System.Net.Http.Json;
using System.Text.Json;
using MjpegGateway.CameraSimulator;
using MjpegGateway.Tests.Infrastructure;
using MjpegGateway.Upstream;

namespace MjpegGateway.Tests.Streaming;

public sealed class UpstreamTests
{
    [Fact]
    public async Task Wrong_camera_credentials_give_unauthorized_state_a_clear_log_and_backed_off_retries()
    {
        await using var camera = await CameraSimulator.CameraSimulator.StartAsync(new SimulatedCameraOptions
        {
            Auth = SimulatedAuth.Digest,
            Username = "gw",
            Password = "right-password",
        });
        await using var gateway = await TestGateway.StartAsync(TestGateway.Camera("gate", camera.VideoUrl,
            ("Username", "gw"), ("Password", "wrong-password"), ("Mode", "AlwaysOn")));
        var feed = gateway.Feed("gate");

        await Eventually.TrueAsync(() => feed.Upstream.State == UpstreamState.Unauthorized, "state unauthorized");
        // The state is set just before the line is written: wait for the line too.
        await Eventually.TrueAsync(() => gateway.Logs.Entries.Any(e => e.EventId == 102), "the refusal logged");
        var log = Assert.Single(gateway.Logs.Entries.Where(e => e.EventId == 102).Take(1));
        Assert.Contains("refused", log.Message, StringComparison.Ordinal);
        Assert.Contains("Unauthorized", log.Message, StringComparison.Ordinal);

        var cameras = await gateway.Client.GetFromJsonAsync<JsonElement>("cameras");
        var profile = cameras.EnumerateArray().Single().GetProperty("profiles").EnumerateArray().First();
        Assert.Equal("Unauthorized", profile.GetProperty("state").GetString());

        // A refused camera is retried no faster than the refused minimum delay (1 s in tests), never in a tight loop.
        await Eventually.TrueAsync(() => feed.Upstream.Reconnects >= 3, "three refused attempts");
        Assert.Equal(0, feed.Upstream.Connections);
        // Each attempt opens with an unauthenticated request that draws the Digest challenge.
        // (Always-on opens both profiles; look at one.)
        var attempts = camera.Requests
            .Where(r => r.Authorization is null && r.PathAndQuery.Contains("320x180", StringComparison.Ordinal))
            .Select(r => r.At).ToList();
        Assert.True(attempts.Count >= 3, $"{attempts.Count} attempts on the profile looked at");
        Assert.All(attempts.Zip(attempts.Skip(1)), p => Assert.True(p.Second - p.First >= TimeSpan.FromSeconds(0.9), $"attempts {p.First:O} and {p.Second:O} too close"));

        using var stream = await gateway.Client.GetAsync("cameras/gate/stream");
        Assert.Equal(System.Net.HttpStatusCode.ServiceUnavailable, stream.StatusCode);
        Assert.NotNull(stream.Headers.RetryAfter);
        Assert.DoesNotContain("right-password", gateway.Logs.AllText, StringComparison.Ordinal);
        Assert.DoesNotContain("wrong-password", gateway.Logs.AllText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Digest_configured_camera_never_answers_a_basic_challenge_over_http()
    {
        await using var camera = await CameraSimulator.CameraSimulator.StartAsync(new SimulatedCameraOptions
        {
            Auth = SimulatedAuth.Basic,
            Username = "gw",
            Password = "pw",
        });
        await using var gateway = await TestGateway.StartAsync(TestGateway.Camera("gate", camera.VideoUrl,
            ("Username", "gw"), ("Password", "pw"), ("Mode", "AlwaysOn")));

        await Eventually.TrueAsync(() => gateway.Feed("gate").Upstream.State == UpstreamState.Unauthorized, "state unauthorized");
        Assert.NotEmpty(camera.Requests);
        Assert.All(camera.Requests, r => Assert.Null(r.Authorization));
    }

    [Fact]
    public async Task Digest_auth_streams_from_a_camera_that_offers_digest_and_basic()
    {
        await using var camera = await CameraSimulator.CameraSimulator.StartAsync(new SimulatedCameraOptions
        {
            Auth = SimulatedAuth.DigestOrBasic,
            Username = "gw",
            Password = "pw",
        });
        await using var gateway = await TestGateway.StartAsync(TestGateway.Camera("gate", camera.VideoUrl, ("Username", "gw"), ("Password", "pw")));

        await using var viewer = await MjpegStreamClient.OpenAsync(gateway.Client, "cameras/gate/stream");
        Assert.NotNull(await viewer.ReadFrameAsync());
        var authorized = camera.Requests.Where(r => r.Authorization is not null).ToList();
        Assert.NotEmpty(authorized);
        Assert.All(authorized, r => Assert.StartsWith("Digest ", r.Authorization!, StringComparison.Ordinal));
    }

    [Fact]
    public async Task On_demand_upstream_closes_after_the_idle_linger_and_reopens_for_the_next_viewer()
    {
        await using var camera = await CameraSimulator.CameraSimulator.StartAsync();
        await using var gateway = await TestGateway.StartAsync(TestGateway.Camera("dock", camera.VideoUrl, ("IdleLingerSeconds", "0.5")));
        Assert.Equal(0, camera.StreamsServed);

        await using (var viewer = await MjpegStreamClient.OpenAsync(gateway.Client, "cameras/dock/stream"))
        {
            await viewer.ReadFramesAsync(2);
            Assert.Equal(1, camera.ActiveStreams);
        }

        await camera.WaitForActiveStreamsAsync(0, Eventually.DefaultTimeout);
        await Eventually.TrueAsync(() => gateway.Feed("dock").Upstream.State == UpstreamState.Idle, "upstream idle");

        await using var next = await MjpegStreamClient.OpenAsync(gateway.Client, "cameras/dock/stream");
        await next.ReadFramesAsync(2);
        Assert.Equal(2, camera.StreamsServed);
        Assert.Equal(1, camera.ActiveStreams);
    }

    [Fact]
    public async Task Camera_that_stalls_is_reconnected_by_the_frame_watchdog()
    {
        await using var camera = await CameraSimulator.CameraSimulator.StartAsync();
        await using var gateway = await TestGateway.StartAsync(TestGateway.Camera("dock", camera.VideoUrl, ("FrameTimeoutSeconds", "1")));
        await using var viewer = await MjpegStreamClient.OpenAsync(gateway.Client, "cameras/dock/stream");
        await viewer.ReadFrameAsync();

        camera.Faults.Stall = true;
        await Eventually.TrueAsync(() => gateway.Feed("dock").Upstream.Reconnects >= 1, "watchdog reconnects");
        camera.Faults.Stall = false;

        await viewer.ReadFramesAsync(3);
        Assert.True(camera.StreamsServed >= 2);
        Assert.Contains(gateway.Logs.Entries, e => e.EventId == 103 && e.Message.Contains("no frame for 1 s", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("OmitContentLength")]
    [InlineData("QuoteBoundary")]
    [InlineData("DashesInBoundaryParameter")]
    [InlineData("BoundaryAfterPart")]
    [InlineData("LfOnly")]
    [InlineData("ExifThumbnail")]
    [InlineData("SendGarbage")]
    public async Task Camera_framing_quirks_still_stream_whole_frames(string quirk)
    {
        await using var camera = await CameraSimulator.CameraSimulator.StartAsync();
        typeof(SimulatorFaults).GetProperty(quirk)!.SetValue(camera.Faults, true);
        await using var gateway = await TestGateway.StartAsync(TestGateway.Camera("odd", camera.VideoUrl));

        await using var viewer = await MjpegStreamClient.OpenAsync(gateway.Client, "cameras/odd/stream");
        var frames = await viewer.ReadFramesAsync(5);

        Assert.All(frames, f =>
        {
            Assert.True(f.Sequence > 0, "stamp readable, so the frame starts right");
            Assert.Equal([0xFF, 0xD9], f.Jpeg[^2..]);
        });
    }
}
