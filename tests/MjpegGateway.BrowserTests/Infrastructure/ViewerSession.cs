using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.Playwright;
using MjpegGateway.Tests.Infrastructure;

namespace MjpegGateway.BrowserTests.Infrastructure;

/// <summary>
/// One fresh browser context on the gateway's viewer page, recording what a test asserts on: console errors,
/// uncaught exceptions, CSP violations, every request, and (through CDP) each response's protocol and connection.
/// </summary>
public sealed class ViewerSession : IAsyncDisposable
{
    /// <summary>Wide enough for 16 tiles in view: 5 columns of 16:9 tiles, 4 rows.</summary>
    private static readonly ViewportSize Viewport = new() { Width = 1600, Height = 1000 };

    // Runs before the page's own scripts; CSP does not apply to it (it comes through the DevTools protocol).
    private const string RecordViolations = """
        window.__cspViolations = [];
        document.addEventListener('securitypolicyviolation', e => window.__cspViolations.push(`${e.violatedDirective} ${e.blockedURI}`));
        """;

    private readonly ConcurrentQueue<string> _consoleErrors = new();
    private readonly ConcurrentQueue<string> _pageErrors = new();
    private readonly ConcurrentQueue<Uri> _requests = new();
    private readonly ConcurrentQueue<NetworkResponse> _responses = new();

    private ViewerSession(IBrowserContext context, IPage page, TestGateway gateway)
    {
        Context = context;
        Page = page;
        Gateway = gateway;
    }

    public IBrowserContext Context { get; }

    public IPage Page { get; }

    public TestGateway Gateway { get; }

    public ICDPSession? Cdp { get; private set; }

    public IReadOnlyCollection<string> ConsoleErrors => _consoleErrors.ToArray();

    public IReadOnlyCollection<string> PageErrors => _pageErrors.ToArray();

    public IReadOnlyCollection<Uri> Requests => _requests.ToArray();

    /// <summary>Responses seen by Chromium's network stack (filled once <see cref="RecordProtocolsAsync"/> ran).</summary>
    public IReadOnlyCollection<NetworkResponse> Responses => _responses.ToArray();

    public static async Task<ViewerSession> OpenAsync(ChromiumBrowser chromium, TestGateway gateway)
    {
        var context = await chromium.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = gateway.Address.ToString(),
            ViewportSize = Viewport,
            AcceptDownloads = true,
        });
        context.SetDefaultTimeout(20_000);
        await context.AddInitScriptAsync(RecordViolations);
        var page = await context.NewPageAsync();
        var session = new ViewerSession(context, page, gateway);
        page.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                session._consoleErrors.Enqueue(message.Text);
            }
        };
        page.PageError += (_, error) => session._pageErrors.Enqueue(error);
        page.Request += (_, request) => session._requests.Enqueue(new Uri(request.Url));
        return session;
    }

    /// <summary>Records each response's protocol (<c>h2</c>, <c>http/1.1</c>) and connection id through CDP.</summary>
    public async Task RecordProtocolsAsync()
    {
        Cdp = await Context.NewCDPSessionAsync(Page);
        Cdp.Event("Network.responseReceived").OnEvent += (_, e) =>
        {
            if (e is not { } json || !json.TryGetProperty("response", out var response))
            {
                return;
            }

            _responses.Enqueue(new NetworkResponse(
                new Uri(response.GetProperty("url").GetString()!),
                response.GetProperty("status").GetInt32(),
                response.TryGetProperty("protocol", out var protocol) ? protocol.GetString() ?? "" : "",
                response.TryGetProperty("connectionId", out var connection) ? connection.GetDouble() : -1));
        };
        await Cdp.SendAsync("Network.enable");
    }

    public async Task OpenPageAsync()
    {
        var response = await Page.GotoAsync("/");
        Assert.NotNull(response);
        Assert.Equal(200, response.Status);
        await Page.WaitForFunctionAsync("() => document.getElementById('sign-in').dataset.state !== 'loading'");
    }

    /// <summary>Pastes <paramref name="token"/> into the sign-in form, as a person would.</summary>
    public async Task SignInAsync(string token)
    {
        await Page.Locator("#token").FillAsync(token);
        await Page.Locator("#token-form button[type=submit]").ClickAsync();
    }

    public async Task WaitForTilesAsync(int count, string state, int timeoutMs = 20_000) =>
        await Page.WaitForFunctionAsync(
            "([count, state]) => { const tiles = [...document.querySelectorAll('.tile')]; return tiles.length === count && tiles.every(t => t.dataset.state === state); }",
            new object[] { count, state },
            new PageWaitForFunctionOptions { Timeout = timeoutMs, PollingInterval = 100 });

    /// <summary>Each tile's state, by camera id.</summary>
    public async Task<Dictionary<string, string>> TileStatesAsync() =>
        await Page.EvaluateAsync<Dictionary<string, string>>(
            "() => Object.fromEntries([...document.querySelectorAll('.tile')].map(t => [t.dataset.camera, t.dataset.state]))");

    /// <summary>A hash of each tile's canvas pixels, by camera id (0 for a canvas never drawn on).</summary>
    public async Task<Dictionary<string, int>> TilePixelHashesAsync() =>
        await Page.EvaluateAsync<Dictionary<string, int>>("""
            () => Object.fromEntries([...document.querySelectorAll('.tile')].map(tile => {
                const canvas = tile.querySelector('canvas');
                const pixels = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
                let hash = 17;
                for (let i = 0; i < pixels.length; i += 3) hash = (Math.imul(hash, 31) + pixels[i]) | 0;
                return [tile.dataset.camera, hash];
            }))
            """);

    public async Task<string[]> CspViolationsAsync() => await Page.EvaluateAsync<string[]>("() => window.__cspViolations");

    /// <summary>The page's player counters (<c>window.__mjpegStats</c>).</summary>
    public async Task<JsonElement> PlayerStatsAsync() => await Page.EvaluateAsync<JsonElement>("() => ({ ...window.__mjpegStats })");

    /// <summary>Saves a screenshot under the test output's <c>artifacts/screenshots/</c> and returns its path.</summary>
    public async Task<string> ScreenshotAsync(string name)
    {
        var folder = Path.Combine(AppContext.BaseDirectory, "artifacts", "screenshots");
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, name + ".png");
        await Page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = true });
        return path;
    }

    /// <summary>Requests the page made to <paramref name="pathSuffix"/> (e.g. <c>/stream</c>).</summary>
    public int CountRequests(string pathSuffix) => Requests.Count(r => r.AbsolutePath.EndsWith(pathSuffix, StringComparison.Ordinal));

    public async ValueTask DisposeAsync()
    {
        if (Cdp is not null)
        {
            await Cdp.DetachAsync();
        }

        await Context.CloseAsync();
    }
}
