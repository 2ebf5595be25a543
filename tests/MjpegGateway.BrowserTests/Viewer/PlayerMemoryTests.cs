using System.Text.Json;
using MjpegGateway.BrowserTests.Infrastructure;
using MjpegGateway.Tests.Infrastructure;
using Xunit.Abstractions;

namespace MjpegGateway.BrowserTests.Viewer;

/// <summary>A viewer stays open all day: memory must not grow with the frames it has shown.</summary>
[Collection(BrowserCollection.Name)]
[Trait(BrowserCollection.Trait, BrowserCollection.Name)]
public sealed class PlayerMemoryTests(ChromiumBrowser chromium, ITestOutputHelper output)
{
    /// <summary>Allowed JS heap growth between the two samples: GC noise, far below one frame per second kept.</summary>
    private const double MaxHeapGrowthBytes = 1.5 * 1024 * 1024;

    [Fact]
    public async Task Thirty_seconds_of_sixteen_streams_keep_the_heap_and_live_bitmaps_flat()
    {
        const int Cameras = 16;
        await using var rig = await GridRig.StartAsync(chromium, Cameras);
        var session = rig.Session;
        var cdp = await session.Context.NewCDPSessionAsync(session.Page);

        await Task.Delay(TimeSpan.FromSeconds(5));
        var first = await SampleAsync(session, cdp);
        await Task.Delay(TimeSpan.FromSeconds(30));
        var second = await SampleAsync(session, cdp);

        output.WriteLine($"after  5 s: {first}");
        output.WriteLine($"after 35 s: {second}");
        output.WriteLine($"heap growth: {(second.HeapBytes - first.HeapBytes) / 1024.0:0.0} KiB; frames drawn in 30 s: {second.FramesDrawn - first.FramesDrawn}");
        output.WriteLine("screenshot: " + await session.ScreenshotAsync("grid-after-35-seconds"));

        Assert.True(second.HeapBytes - first.HeapBytes < MaxHeapGrowthBytes, $"JS heap grew from {first.HeapBytes} to {second.HeapBytes} bytes");
        // At most one decoded frame per player exists at any moment, and it is closed right after drawing.
        Assert.InRange(first.BitmapsLive, 0, Cameras);
        Assert.InRange(second.BitmapsLive, 0, Cameras);
        Assert.InRange(second.DomNodes - first.DomNodes, -50, 50);
        // 16 cameras at 10 fps for 30 s is 4800 frames; a loaded 2-core machine still draws most of them.
        Assert.True(second.FramesDrawn - first.FramesDrawn > Cameras * 30 * 3, "the streams kept playing");
        Assert.Equal(Cameras, (await session.TileStatesAsync()).Values.Count(s => s == "live"));
    }

    private static async Task<MemorySample> SampleAsync(ViewerSession session, Microsoft.Playwright.ICDPSession cdp)
    {
        await cdp.SendAsync("HeapProfiler.collectGarbage");
        var heap = (await cdp.SendAsync("Runtime.getHeapUsage"))!.Value;
        var dom = (await cdp.SendAsync("Memory.getDOMCounters"))!.Value;
        var stats = await session.PlayerStatsAsync();
        return new MemorySample(
            heap.GetProperty("usedSize").GetDouble(),
            stats.GetProperty("bitmapsLive").GetInt32(),
            stats.GetProperty("framesDrawn").GetInt64(),
            stats.GetProperty("framesSkipped").GetInt64(),
            dom.GetProperty("nodes").GetInt32());
    }
}
