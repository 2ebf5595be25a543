using Microsoft.Playwright;
using MjpegGateway.BrowserTests.Infrastructure;
using MjpegGateway.Demo;
using MjpegGateway.Tests.Infrastructure;
using MjpegGateway.WebViewer;
using Xunit.Abstractions;

namespace MjpegGateway.BrowserTests.Viewer;

/// <summary>The viewer page as a person uses it: sign in, watch, open a camera large, take a snapshot.</summary>
[Collection(BrowserCollection.Name)]
[Trait(BrowserCollection.Trait, BrowserCollection.Name)]
public sealed class ViewerPageTests(ChromiumBrowser chromium, ITestOutputHelper output)
{
    [Fact]
    public async Task Page_loads_under_its_strict_CSP_and_the_demo_sign_in_plays_with_no_console_error()
    {
        await using var gateway = await TestGateway.StartAsync(new Dictionary<string, string?>
        {
            ["Tls:DataPath"] = chromium.CertificateFolder,
            ["Demo:Enabled"] = "true",
            ["Demo:Cameras"] = "4",
        }, build: (args, configure) => DemoApp.BuildAsync(args, configure));
        await using var session = await ViewerSession.OpenAsync(chromium, gateway);

        var page = await session.Page.GotoAsync("/");
        Assert.Equal(ViewerPage.ContentSecurityPolicy, await page!.HeaderValueAsync("content-security-policy"));
        await session.Page.Locator("#demo-sign-in").ClickAsync();
        await session.WaitForTilesAsync(4, "live");

        // Large view with the camera's default profile, then a snapshot download, then back to the grid.
        await session.Page.Locator(".tile[data-camera='demo-2']").ClickAsync();
        await session.Page.WaitForFunctionAsync("() => document.getElementById('large').open && document.getElementById('large').dataset.state === 'live'");
        Assert.Equal("hd", await session.Page.Locator("#large-profile").InputValueAsync());

        // The grid's streams are closed while the large view is open: its header says paused, not "0 live".
        await session.Page.WaitForFunctionAsync("() => document.getElementById('summary').textContent === '4 cameras · paused'");
        var download = await session.Page.RunAndWaitForDownloadAsync(() => session.Page.Locator("#large-snapshot").ClickAsync());
        Assert.StartsWith("demo-2-", download.SuggestedFilename, StringComparison.Ordinal);
        var jpeg = await File.ReadAllBytesAsync((await download.PathAsync())!);
        Assert.True(jpeg.Length > 1000 && jpeg[0] == 0xFF && jpeg[1] == 0xD8, "the snapshot is a JPEG");
        output.WriteLine("screenshot: " + await session.ScreenshotAsync("large-view"));
        await session.Page.Keyboard.PressAsync("Escape");
        await session.WaitForTilesAsync(4, "live");
        await session.Page.WaitForFunctionAsync("() => document.getElementById('summary').textContent === '4 cameras · 4 live'");

        // Each demo camera its own name.
        var names = await session.Page.Locator(".tile .name").AllTextContentsAsync();
        Assert.Equal(4, names.Distinct().Count());

        Assert.Empty(session.PageErrors);
        Assert.Empty(session.ConsoleErrors);
        Assert.Empty(await session.CspViolationsAsync());
        // The token never travels in a URL.
        Assert.DoesNotContain(session.Requests, r => r.Query.Contains("token", StringComparison.OrdinalIgnoreCase) || r.Query.Contains("eyJ", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Page_outside_the_demo_offers_no_demo_sign_in_and_the_API_keeps_its_deny_all_CSP()
    {
        await using var simulator = await CameraSimulator.CameraSimulator.StartAsync(TestCameras.Simulator());
        await using var gateway = await TestGateway.StartAsync(TestCameras.Settings(simulator.VideoUrl, 1, chromium.CertificateFolder));
        await using var session = await ViewerSession.OpenAsync(chromium, gateway);

        await session.OpenPageAsync();

        Assert.Equal("signed-out", await session.Page.Locator("#sign-in").GetAttributeAsync("data-state"));
        Assert.False(await session.Page.Locator("#demo-sign-in").IsVisibleAsync());
        var signIn = await gateway.Anonymous.PostAsync("demo/sign-in", null);
        Assert.Equal(System.Net.HttpStatusCode.NotFound, signIn.StatusCode);
        var api = await gateway.Client.GetAsync("cameras");
        Assert.Equal("default-src 'none'; frame-ancestors 'none'", api.Headers.GetValues("Content-Security-Policy").Single());
        Assert.Empty(session.ConsoleErrors);
        Assert.Empty(await session.CspViolationsAsync());
    }

    [Fact]
    public async Task Invalid_token_shows_unauthorized_and_is_not_retried()
    {
        await using var simulator = await CameraSimulator.CameraSimulator.StartAsync(TestCameras.Simulator());
        await using var gateway = await TestGateway.StartAsync(TestCameras.Settings(simulator.VideoUrl, 4, chromium.CertificateFolder));
        await using var session = await ViewerSession.OpenAsync(chromium, gateway);
        await session.OpenPageAsync();

        await session.SignInAsync(gateway.Tokens.Create("mallory", ["viewer"], ["*"], signingKey: new byte[32]));
        await session.Page.WaitForFunctionAsync("() => document.getElementById('sign-in').dataset.state === 'unauthorized'");
        await Task.Delay(TimeSpan.FromSeconds(3));

        Assert.Equal(1, session.CountRequests("/cameras"));
        Assert.Equal(0, session.CountRequests("/stream"));
        Assert.Equal(0, await session.Page.Locator(".tile").CountAsync());
        Assert.Null(await session.Page.EvaluateAsync<string?>("() => sessionStorage.getItem('mjpeg-gateway.token')"));
        output.WriteLine("screenshot: " + await session.ScreenshotAsync("invalid-token"));
    }

    [Fact]
    public async Task Token_that_expires_while_watching_turns_every_tile_unauthorized_without_a_retry_storm()
    {
        const int Cameras = 4;
        await using var simulator = await CameraSimulator.CameraSimulator.StartAsync(TestCameras.Simulator());
        var settings = TestCameras.Settings(simulator.VideoUrl, Cameras, chromium.CertificateFolder);
        settings["Auth:ClockSkewSeconds"] = "0";
        await using var gateway = await TestGateway.StartAsync(settings);
        await using var session = await ViewerSession.OpenAsync(chromium, gateway);
        await session.OpenPageAsync();

        await session.SignInAsync(gateway.Tokens.Create("brief", ["viewer"], ["*"], TimeSpan.FromSeconds(6)));
        await session.WaitForTilesAsync(Cameras, "live");
        // The gateway ends each stream when the token expires; the player's reconnect is answered 401.
        await session.WaitForTilesAsync(Cameras, "unauthorized", timeoutMs: 20_000);
        await Task.Delay(TimeSpan.FromSeconds(4));

        var perCamera = Enumerable.Range(1, Cameras).Select(i => session.CountRequests($"/cameras/{TestCameras.Id(i)}/stream")).ToArray();
        output.WriteLine("stream requests per camera: " + string.Join(", ", perCamera));
        Assert.All(perCamera, count => Assert.InRange(count, 1, 2));
        Assert.Equal("unauthorized", await session.Page.Locator("#sign-in").GetAttributeAsync("data-state"));
        output.WriteLine("screenshot: " + await session.ScreenshotAsync("token-expired"));
    }
}
