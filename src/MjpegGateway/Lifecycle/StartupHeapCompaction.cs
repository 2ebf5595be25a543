using Microsoft.Extensions.Options;
using MjpegGateway.Configuration;

namespace MjpegGateway.Lifecycle;

/// <summary>
/// Compacts the managed heap once, when the host has started (<see cref="GatewayOptions.CompactHeapAfterStart"/>).
/// Start-up (configuration, DI, Kestrel, TLS and token-validation warm-up) leaves garbage and a grown heap that the
/// GC has no reason to collect and give back while the gateway idles before its first viewers; an aggressive
/// collection then decommits it. It runs on the thread pool, off the start path, and once only.
/// </summary>
internal sealed class StartupHeapCompaction(
    IHostApplicationLifetime lifetime, IOptions<GatewayOptions> options, TimeProvider time, ILogger<StartupHeapCompaction> logger) : IHostedService
{
    private const double Megabyte = 1024 * 1024;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (options.Value.CompactHeapAfterStart)
        {
            lifetime.ApplicationStarted.Register(
                static state => ThreadPool.UnsafeQueueUserWorkItem(static self => self.Compact(), (StartupHeapCompaction)state!, preferLocal: false),
                this);
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private void Compact()
    {
        var started = time.GetTimestamp();
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        var heap = GC.GetGCMemoryInfo(GCKind.FullBlocking);
        LifecycleLog.HeapCompactedAfterStart(
            logger, heap.HeapSizeBytes / Megabyte, heap.TotalCommittedBytes / Megabyte, time.GetElapsedTime(started).TotalMilliseconds);
    }
}
