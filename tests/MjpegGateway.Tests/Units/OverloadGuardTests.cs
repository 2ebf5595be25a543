using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Microsoft.Extensions.Time.Testing;
using Mjpeg.Fanout;
using MjpegGateway.Cameras;
using MjpegGateway.Http;
using MjpegGateway.Security;
using MjpegGateway.Streaming;
using MjpegGateway.Telemetry;

namespace MjpegGateway.Tests.Units;

/// <summary>
/// The overload guard on a fake clock, fed by real hubs that really skip frames: when it counts the gateway as
/// overloaded, what admission then refuses, and when it stops.
/// </summary>
public sealed class OverloadGuardTests
{
    private static readonly byte[] Jpeg = [0xFF, 0xD8, 0xFF, 0xD9];
    private static readonly Caller Alice = new("alice", "10.0.0.1", "alice");
    private const int MaxPublishes = 100_000;

    /// <summary>
    /// Viewers enough for four offer batches, so each fan-out goes on on the thread pool after its first batch and a
    /// frame published meanwhile has to wait for it. Nobody reads them: their queues drop their oldest frame.
    /// </summary>
    internal static List<Viewer> Attach(FrameHub hub) =>
        Enumerable.Range(0, 4 * hub.Options.OfferBatchSize).Select(_ => hub.Add(new ViewerOptions())).ToList();

    /// <summary>
    /// Publishes frames back to back until the hub skips one: a frame overtaken by the next while it waited for the
    /// previous frame's fan-out, which is what a CPU that cannot keep up with its cameras does.
    /// </summary>
    internal static void SkipFrames(FrameHub hub)
    {
        var before = hub.FramesSkippedBehind;
        for (var i = 0; i < MaxPublishes && hub.FramesSkippedBehind == before; i++)
        {
            hub.Publish(hub.Pool.Create(Jpeg));
        }

        Assert.True(hub.FramesSkippedBehind > before, $"The hub skipped no frame in {MaxPublishes} publishes.");
    }

    private static ServiceProvider Parts(params (string Key, string Value)[] overload)
    {
        var settings = GatewayParts.Cameras("lobby");
        foreach (var (key, value) in overload)
        {
            settings["Gateway:Overload:" + key] = value;
        }

        return GatewayParts.Create(settings);
    }

    private static FrameHub Hub(ServiceProvider parts)
    {
        Assert.True(parts.GetRequiredService<CameraCatalog>().TryGet("lobby", out var camera));
        return camera.Feeds["hd"].Hub;
    }

    private static async Task AdmittedAsync(StreamAdmission admission, StreamRequest request)
    {
        var admitted = await admission.AdmitAsync(request, default);
        Assert.True(admitted.IsAdmitted, admitted.Refusal?.Detail);
        await admitted.Lease.DisposeAsync();
    }

    [Fact]
    public async Task Frames_skipped_in_most_of_the_last_seconds_refuse_new_streams_but_not_snapshots_until_the_skips_stop()
    {
        await using var parts = Parts(("ShedNewStreams", "true"), ("WindowSeconds", "3"), ("SkippingSeconds", "2"));
        var time = (FakeTimeProvider)parts.GetRequiredService<TimeProvider>();
        var guard = parts.GetRequiredService<OverloadGuard>();
        var admission = parts.GetRequiredService<StreamAdmission>();
        var changes = new List<bool>();
        guard.Changed += changes.Add;
        await guard.StartAsync(default);
        var hub = Hub(parts);
        var viewers = Attach(hub);

        // One second in three with a skip (a burst from the camera, say) is not overload.
        SkipFrames(hub);
        time.Advance(OverloadGuard.CheckInterval);
        Assert.False(guard.IsOverloaded);
        await AdmittedAsync(admission, new(Alice, "lobby", null));

        // Two in three is.
        SkipFrames(hub);
        time.Advance(OverloadGuard.CheckInterval);
        Assert.True(guard.IsOverloaded);
        var refused = await admission.AdmitAsync(new(Alice, "lobby", null), default);
        Assert.Equal((503, "Overloaded", StreamRejection.Overload), (refused.Refusal!.Status, refused.Refusal.Title, refused.Refusal.Mark));
        Assert.Equal(StreamAdmission.RetryAfterFull, refused.Refusal.RetryAfter);
        await AdmittedAsync(admission, new(Alice, "lobby", null, Snapshot: true));

        // A quiet second leaves two skipping seconds in the window. Quiet seconds end it within the window: two when
        // nothing more was skipped; the bound allows one more for a skip counted late (a CI run once needed it).
        time.Advance(OverloadGuard.CheckInterval);
        Assert.True(guard.IsOverloaded);
        var quiet = 1;
        for (; quiet <= 3 && guard.IsOverloaded; quiet++)
        {
            time.Advance(OverloadGuard.CheckInterval);
        }

        Assert.False(guard.IsOverloaded, $"still overloaded after {quiet - 1} quiet seconds");
        await AdmittedAsync(admission, new(Alice, "lobby", null));
        Assert.Equal([true, false], changes);

        viewers.ForEach(v => v.Dispose());
    }

    [Fact]
    public async Task With_shedding_off_by_default_overload_is_reported_and_new_streams_are_still_admitted()
    {
        await using var parts = Parts(("WindowSeconds", "1"), ("SkippingSeconds", "1"));
        var time = (FakeTimeProvider)parts.GetRequiredService<TimeProvider>();
        var guard = parts.GetRequiredService<OverloadGuard>();
        await guard.StartAsync(default);
        using var gauge = new MetricCollector<int>(parts.GetRequiredService<GatewayMetrics>().Meter, "mjpeg.gateway.overloaded");
        var hub = Hub(parts);
        var viewers = Attach(hub);

        gauge.RecordObservableInstruments();
        SkipFrames(hub);
        time.Advance(OverloadGuard.CheckInterval);
        gauge.RecordObservableInstruments();

        Assert.True(guard.IsOverloaded);
        Assert.False(guard.ShedsNewStreams);
        Assert.Equal([0, 1], gauge.GetMeasurementSnapshot().Select(m => m.Value));
        await AdmittedAsync(parts.GetRequiredService<StreamAdmission>(), new(Alice, "lobby", null));

        viewers.ForEach(v => v.Dispose());
    }
}
