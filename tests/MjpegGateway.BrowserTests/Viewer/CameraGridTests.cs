using MjpegGateway.BrowserTests.Infrastructure;
using MjpegGateway.Tests.Infrastructure;
using Xunit.Abstractions;

namespace MjpegGateway.BrowserTests.Viewer;

/// <summary>The grid under load and under failure: 16 cameras over one HTTP/2 connection, a camera that disappears.</summary>
[Collection(BrowserCollection.Name)]
[Trait(BrowserCollection.Trait, BrowserCollection.Name)]
public sealed class CameraGridTests(ChromiumBrowser chromium, ITestOutputHelper output)
{
    [Fact]
    public async Task Sixteen_cameras_show_changing_pictures_over_one_HTTP2_connection()
    {
        const int Cameras = 16;
        await using var rig = await GridRig.StartAsync(chromium, Cameras, "cam-*", beforeOpen: s => s.RecordProtocolsAsync());
        var session = rig.Session;
        var before = await session.TilePixelHashesAsync();
        // Wait until every tile has painted a new picture (bounded), rather than sleeping a guessed time.
        var after = before;
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(15);
        while (after.Any(tile => before[tile.Key] == tile.Value) && DateTime.UtcNow < deadline)
        {
            await session.Page.WaitForTimeoutAsync(100);
            after = await session.TilePixelHashesAsync();
        }

        Assert.Equal(Cameras, before.Count);
        Assert.All(before, tile => Assert.NotEqual(after[tile.Key], tile.Value));
        var streams = session.Responses.Where(r => r.Url.AbsolutePath.EndsWith("/stream", StringComparison.Ordinal)).ToList();
        Assert.Equal(Cameras, streams.Count);
        Assert.All(session.Responses, r => Assert.Equal("h2", r.Protocol));
        // The page, its modules, the API call and all 16 endless streams share a single TLS connection.
        Assert.Single(session.Responses.Select(r => r.ConnectionId).Distinct());
        Assert.Empty(session.ConsoleErrors);
        Assert.Empty(await session.CspViolationsAsync());
        output.WriteLine("screenshot: " + await session.ScreenshotAsync("grid-16-cameras"));
    }

    [Fact]
    public async Task Camera_that_goes_away_shows_reconnecting_then_offline_and_live_again_when_it_comes_back()
    {
        const int Cameras = 4;
        // The gateway answers 503 "Camera unavailable" after waiting this long for a first frame.
        await using var rig = await GridRig.StartAsync(chromium, Cameras, tweak: settings => settings["Gateway:FirstFrameTimeoutSeconds"] = "2");
        var (simulator, session) = (rig.Simulator, rig.Session);
        await session.Page.EvaluateAsync("""
            () => {
                window.__seen = {};
                for (const tile of document.querySelectorAll('.tile')) window.__seen[tile.dataset.camera] = [tile.dataset.state];
                new MutationObserver(records => {
                    for (const record of records) {
                        const history = window.__seen[record.target.dataset.camera];
                        if (history && history.at(-1) !== record.target.dataset.state) history.push(record.target.dataset.state);
                    }
                }).observe(document.getElementById('grid'), { subtree: true, attributes: true, attributeFilter: ['data-state'] });
            }
            """);

        await simulator.StopAsync();
        await session.WaitForTilesAsync(Cameras, "offline", timeoutMs: 25_000);
        output.WriteLine("screenshot: " + await session.ScreenshotAsync("camera-offline"));
        await simulator.RestartAsync();
        // The gateway's 503 carries Retry-After: 10 s, which the player honours.
        await session.WaitForTilesAsync(Cameras, "live", timeoutMs: 30_000);

        var histories = await session.Page.EvaluateAsync<Dictionary<string, string[]>>("() => window.__seen");
        foreach (var (camera, history) in histories)
        {
            output.WriteLine($"{camera}: {string.Join(" > ", history)}");
            var reconnecting = Array.IndexOf(history, "reconnecting");
            var offline = Array.IndexOf(history, "offline");
            Assert.True(reconnecting > 0 && offline > reconnecting && Array.LastIndexOf(history, "live") > offline, camera + ": live, reconnecting, offline, live again");
        }

        output.WriteLine("screenshot: " + await session.ScreenshotAsync("camera-back"));
        Assert.Empty(session.PageErrors);
    }

    [Fact]
    public async Task Hidden_page_gives_every_stream_back_and_resumes_when_shown()
    {
        const int Cameras = 4;
        await using var rig = await GridRig.StartAsync(chromium, Cameras);
        var (gateway, session) = (rig.Gateway, rig.Session);

        // Headless Chromium never hides its page, so the test tells the page what a minimised tab would.
        await SetHiddenAsync(session, hidden: true);
        await session.WaitForTilesAsync(Cameras, "paused");
        await Eventually.TrueAsync(
            () => Enumerable.Range(1, Cameras).All(i => gateway.Feed(TestCameras.Id(i), "low").Hub.ViewerCount == 0),
            "the gateway saw every stream end");
        await SetHiddenAsync(session, hidden: false);
        await session.WaitForTilesAsync(Cameras, "live");

        Assert.All(Enumerable.Range(1, Cameras), i => Assert.Equal(1, gateway.Feed(TestCameras.Id(i), "low").Hub.ViewerCount));
        Assert.Empty(session.ConsoleErrors);
    }

    [Fact]
    public async Task Page_that_falls_behind_skips_to_the_newest_frame_and_stays_live()
    {
        const int Cameras = 16;
        await using var rig = await GridRig.StartAsync(chromium, Cameras);
        var session = rig.Session;
        var cdp = await session.Context.NewCDPSessionAsync(session.Page);

        // A slow machine: the page's CPU at a twentieth of its speed cannot decode 160 frames a second.
        await cdp.SendAsync("Emulation.setCPUThrottlingRate", new() { ["rate"] = 20 });
        // Throttled until the player has had to skip frames: the backlog this test is about.
        await session.Page.WaitForFunctionAsync("() => window.__mjpegStats.framesSkipped > 0", null, new() { Timeout = 30_000, PollingInterval = 200 });
        await cdp.SendAsync("Emulation.setCPUThrottlingRate", new() { ["rate"] = 1 });
        var stats = await session.PlayerStatsAsync();
        output.WriteLine(stats.ToString());

        Assert.True(stats.GetProperty("framesSkipped").GetInt64() > 0, "frames were skipped rather than queued");
        Assert.Equal(0, stats.GetProperty("bitmapsLive").GetInt32());
        await session.WaitForTilesAsync(Cameras, "live");
    }

    private static Task SetHiddenAsync(ViewerSession session, bool hidden) =>
        session.Page.EvaluateAsync(
            "hidden => { Object.defineProperty(document, 'hidden', { configurable: true, get: () => hidden }); document.dispatchEvent(new Event('visibilitychange')); }",
            hidden);
}
