using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using MjpegGateway.BrowserTests.Infrastructure;
using MjpegGateway.Tests.Infrastructure;

namespace MjpegGateway.BrowserTests.Viewer;

/// <summary>
/// The kiosk or wiki case: a page on another origin shows a camera with a plain
/// <c>&lt;img src="https://gateway/.../stream?ticket=..."&gt;</c>, which the ticket alone authorises.
/// </summary>
[Collection(BrowserCollection.Name)]
[Trait(BrowserCollection.Trait, BrowserCollection.Name)]
public sealed class TicketEmbeddingTests(ChromiumBrowser chromium)
{
    [Fact]
    public async Task Ticket_stream_in_an_img_on_another_origin_paints_and_keeps_updating()
    {
        await using var simulator = await CameraSimulator.CameraSimulator.StartAsync(TestCameras.Simulator());
        await using var gateway = await TestGateway.StartAsync(TestCameras.Settings(simulator.VideoUrl, 1, chromium.CertificateFolder));
        var camera = TestCameras.Id(1);
        using var minted = await gateway.Client.PostAsync($"cameras/{camera}/tickets", null);
        minted.EnsureSuccessStatusCode();
        var ticket = (await minted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("ticket").GetString();
        var streamUrl = new Uri(gateway.Address, $"cameras/{camera}/stream?ticket={Uri.EscapeDataString(ticket!)}");

        // The second origin: another Kestrel on another loopback port, serving nothing but the embedding page.
        await using var wiki = await StartPageAsync($"""
            <!doctype html><title>Wiki</title><img id="camera" alt="Lobby" src="{streamUrl}">
            """);
        await using var session = await ViewerSession.OpenAsync(chromium, gateway);

        await session.Page.GotoAsync(GatewayApp.Addresses(wiki).First() + "/");
        var image = session.Page.Locator("#camera");
        await session.Page.WaitForFunctionAsync("() => document.getElementById('camera').naturalWidth > 0");
        Assert.Equal(320, await image.EvaluateAsync<int>("img => img.naturalWidth"));

        // Still live: the camera's clock moves, so the painted picture changes.
        var first = await image.ScreenshotAsync();
        var later = await Eventually.ValueAsync(
            () => image.ScreenshotAsync(),
            shot => !shot.AsSpan().SequenceEqual(first),
            "the <img> paints newer frames",
            shot => $"{shot.Length} bytes, the same picture");
        Assert.NotEqual(first, later);
    }

    private static async Task<WebApplication> StartPageAsync(string html)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var page = builder.Build();
        page.MapGet("/", () => Results.Content(html, "text/html"));
        await page.StartAsync();
        return page;
    }
}
