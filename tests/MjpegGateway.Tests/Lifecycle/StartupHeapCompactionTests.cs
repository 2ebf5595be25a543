using MjpegGateway.Tests.Infrastructure;

namespace MjpegGateway.Tests.Lifecycle;

public sealed class StartupHeapCompactionTests
{
    private const int HeapCompactedEvent = 492;

    [Fact]
    public async Task Started_gateway_compacts_its_heap_once_and_reports_what_is_left()
    {
        var fullCollectionsBefore = GC.CollectionCount(GC.MaxGeneration);
        await using var gateway = await TestGateway.StartAsync(new Dictionary<string, string?> { ["Gateway:CompactHeapAfterStart"] = "true" });

        await Eventually.TrueAsync(() => gateway.Logs.Entries.Any(e => e.EventId == HeapCompactedEvent), "heap compacted after start");
        var compacted = Assert.Single(gateway.Logs.Entries, e => e.EventId == HeapCompactedEvent);
        Assert.Matches(@"^Start-up heap compacted in \d+\.\d ms: \d+\.\d MB live, \d+\.\d MB committed$", compacted.Message);
        Assert.True(GC.CollectionCount(GC.MaxGeneration) > fullCollectionsBefore, "a full collection ran");
    }

    [Fact]
    public async Task Switched_off_the_gateway_leaves_its_heap_to_the_collector()
    {
        // The test gateways run with the switch off (TestGateway's defaults); a second, switched-on gateway started
        // after it shows when the started callbacks have run, so the first one's silence is not read too early.
        await using var off = await TestGateway.StartAsync(new Dictionary<string, string?>());
        await using var on = await TestGateway.StartAsync(new Dictionary<string, string?> { ["Gateway:CompactHeapAfterStart"] = "true" });

        await Eventually.TrueAsync(() => on.Logs.Entries.Any(e => e.EventId == HeapCompactedEvent), "switched-on gateway compacted");
        Assert.DoesNotContain(off.Logs.Entries, e => e.EventId == HeapCompactedEvent);
    }
}
