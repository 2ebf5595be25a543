using System.Net;
using Microsoft.Extensions.DependencyInjection;
using MjpegGateway.Cameras;
using MjpegGateway.Configuration;
using MjpegGateway.Tests.Infrastructure;

namespace MjpegGateway.Tests.Cameras;

public sealed class ConfigReloadTests : IAsyncLifetime
{
    private readonly ConfigFile _file = new();
    private CameraSimulator.CameraSimulator _camera = null!;

    public async Task InitializeAsync() => _camera = await CameraSimulator.CameraSimulator.StartAsync();

    public async Task DisposeAsync()
    {
        await _camera.DisposeAsync();
        _file.Dispose();
    }

    [Fact]
    public async Task Camera_added_to_the_file_becomes_available_and_streams()
    {
        _file.Write(new() { ["front"] = ConfigFile.Camera(_camera.VideoUrl) });
        await using var gateway = await StartAsync();
        Assert.False(gateway.Catalog.TryGet("side", out _));

        _file.Write(new() { ["front"] = ConfigFile.Camera(_camera.VideoUrl), ["side"] = ConfigFile.Camera(_camera.VideoUrl) });

        await Eventually.TrueAsync(() => gateway.Catalog.TryGet("side", out _), "camera 'side' added");
        await using var viewer = await MjpegStreamClient.OpenAsync(gateway.Client, "cameras/side/stream");
        Assert.Equal(3, (await viewer.ReadFramesAsync(3)).Count);
        Assert.Contains(gateway.Logs.Entries, e => e.EventId == 400 && e.Message.Contains("'side'", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Camera_removed_from_the_file_ends_its_viewers_cleanly_and_closes_its_upstream()
    {
        _file.Write(new() { ["front"] = ConfigFile.Camera(_camera.VideoUrl), ["side"] = ConfigFile.Camera(_camera.VideoUrl) });
        await using var gateway = await StartAsync();
        await using var front = await MjpegStreamClient.OpenAsync(gateway.Client, "cameras/front/stream");
        await using var side = await MjpegStreamClient.OpenAsync(gateway.Client, "cameras/side/stream");
        await Task.WhenAll(front.ReadFramesAsync(2), side.ReadFramesAsync(2));
        Assert.Equal(2, _camera.ActiveStreams);

        _file.Write(new() { ["front"] = ConfigFile.Camera(_camera.VideoUrl) });

        // The removed camera's viewer sees its stream end (not an error, not a hang).
        using var deadline = new CancellationTokenSource(Eventually.DefaultTimeout);
        while (await side.ReadFrameAsync(deadline.Token) is not null)
        {
        }

        await _camera.WaitForActiveStreamsAsync(1, Eventually.DefaultTimeout);
        Assert.False(gateway.Catalog.TryGet("side", out _));
        using var gone = await gateway.Client.GetAsync("cameras/side/snapshot");
        Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
        // The other camera's viewer never noticed.
        Assert.Equal(5, (await front.ReadFramesAsync(5)).Count);
        await Eventually.TrueAsync(() => gateway.Logs.Entries.Any(e => e.EventId == 500 && e.Message.Contains("side/hd", StringComparison.Ordinal)), "audit of the ended session");
    }

    [Fact]
    public async Task Changing_one_camera_reconnects_only_its_upstream_and_no_viewer_is_dropped()
    {
        await using var replacement = await CameraSimulator.CameraSimulator.StartAsync();
        _file.Write(new() { ["front"] = ConfigFile.Camera(_camera.VideoUrl), ["side"] = ConfigFile.Camera(_camera.VideoUrl) });
        await using var gateway = await StartAsync();
        await using var front = await MjpegStreamClient.OpenAsync(gateway.Client, "cameras/front/stream");
        await using var side = await MjpegStreamClient.OpenAsync(gateway.Client, "cameras/side/stream");
        await Task.WhenAll(front.ReadFramesAsync(2), side.ReadFramesAsync(2));
        var frontUpstream = gateway.Feed("front").Upstream;
        var sideUpstream = gateway.Feed("side").Upstream;

        _file.Write(new() { ["front"] = ConfigFile.Camera(_camera.VideoUrl), ["side"] = ConfigFile.Camera(replacement.VideoUrl) });

        await replacement.WaitForStreamsServedAsync(1, Eventually.DefaultTimeout);
        await _camera.WaitForActiveStreamsAsync(1, Eventually.DefaultTimeout);
        // Both viewers keep their streams: 'side' now shows the replacement camera, 'front' was never touched.
        await Task.WhenAll(front.ReadFramesAsync(5), side.ReadFramesAsync(5));
        Assert.Same(frontUpstream, gateway.Feed("front").Upstream);
        Assert.Equal(1, frontUpstream.Connections);
        Assert.NotSame(sideUpstream, gateway.Feed("side").Upstream);
        Assert.Equal(1, gateway.Feed("front").Hub.ViewerCount);
        Assert.Equal(1, gateway.Feed("side").Hub.ViewerCount);
        Assert.Contains(gateway.Logs.Entries, e => e.EventId == 401 && e.Message.Contains("'side'", StringComparison.Ordinal) && e.Message.Contains("connection", StringComparison.Ordinal));
        Assert.DoesNotContain(gateway.Logs.Entries, e => e.EventId == 401 && e.Message.Contains("'front'", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Invalid_edit_is_logged_by_key_and_the_last_good_configuration_keeps_working()
    {
        _file.Write(new() { ["front"] = ConfigFile.Camera(_camera.VideoUrl, ("Password", null)) });
        await using var gateway = await StartAsync();
        await using var viewer = await MjpegStreamClient.OpenAsync(gateway.Client, "cameras/front/stream");
        await viewer.ReadFramesAsync(2);

        // A bad value: the camera keeps its running settings.
        _file.Write(new() { ["front"] = ConfigFile.Camera(new Uri("ftp://camera.invalid/video"), ("Password", "edit-secret")) });
        await Eventually.TrueAsync(() => gateway.Logs.Entries.Any(e => e.EventId == 403), "rejected edit logged");
        var rejected = gateway.Logs.Entries.First(e => e.EventId == 403);
        Assert.Equal(LogLevel.Error, rejected.Level);
        Assert.Contains("Cameras:front:Url", rejected.Message, StringComparison.Ordinal);
        Assert.Equal(3, (await viewer.ReadFramesAsync(3)).Count);
        await using (var another = await MjpegStreamClient.OpenAsync(gateway.Client, "cameras/front/stream"))
        {
            await another.ReadFramesAsync(1);
        }

        // A file that is not JSON at all: nothing is removed.
        _file.WriteText("{ \"Cameras\": { \"front\": ");
        await Eventually.TrueAsync(() => gateway.Logs.Entries.Any(e => e.EventId == 406), "unreadable file logged");
        Assert.True(gateway.Catalog.TryGet("front", out _));
        Assert.Equal(3, (await viewer.ReadFramesAsync(3)).Count);

        // The next good edit applies again.
        _file.Write(new() { ["front"] = ConfigFile.Camera(_camera.VideoUrl), ["side"] = ConfigFile.Camera(_camera.VideoUrl) });
        await Eventually.TrueAsync(() => gateway.Catalog.TryGet("side", out _), "good edit applied after the bad ones");
        Assert.Equal(2, (await viewer.ReadFramesAsync(2)).Count);
        Assert.DoesNotContain("edit-secret", gateway.Logs.AllText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Edited_gateway_limits_apply_to_new_streams_and_an_invalid_limit_is_rejected()
    {
        var front = new Dictionary<string, Dictionary<string, object?>> { ["front"] = ConfigFile.Camera(_camera.VideoUrl) };
        _file.Write(front, new() { ["MaxViewersTotal"] = 10 });
        await using var gateway = await StartAsync();
        var settings = gateway.Services.GetRequiredService<GatewaySettings>();
        await using var first = await MjpegStreamClient.OpenAsync(gateway.Client, "cameras/front/stream");
        await first.ReadFramesAsync(1);

        _file.Write(front, new() { ["MaxViewersTotal"] = 1 });
        await Eventually.TrueAsync(() => settings.Current.MaxViewersTotal == 1, "new limit in force");
        using (var second = await gateway.Client.GetAsync("cameras/front/stream", HttpCompletionOption.ResponseHeadersRead))
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, second.StatusCode);
        }

        _file.Write(front, new() { ["MaxViewersTotal"] = 1, ["ViewerQueueCapacity"] = 9 });
        await Eventually.TrueAsync(() => gateway.Logs.Entries.Any(e => e.EventId == 404), "invalid limit rejected");
        Assert.Contains("Gateway:ViewerQueueCapacity", gateway.Logs.Entries.First(e => e.EventId == 404).Message, StringComparison.Ordinal);
        Assert.Equal(2, settings.Current.ViewerQueueCapacity);
        Assert.Equal(3, (await first.ReadFramesAsync(3)).Count);
    }

    private Task<TestGateway> StartAsync() => TestGateway.StartAsync(
        new Dictionary<string, string?>
        {
            ["Gateway:Reconnect:InitialDelaySeconds"] = "0.1",
            ["Gateway:Reconnect:MaxDelaySeconds"] = "2",
            ["Gateway:ConfigReloadDelaySeconds"] = "0.1",
        },
        configure: builder => builder.Configuration.AddJsonFile(_file.Path, optional: false, reloadOnChange: true));
}
