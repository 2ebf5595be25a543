using Microsoft.Extensions.DependencyInjection;
using MjpegGateway.Cluster;
using MjpegGateway.ClusterTests.Infrastructure;
using MjpegGateway.Tests.Infrastructure;

namespace MjpegGateway.ClusterTests.Relay;

public sealed class OwnerFailoverTests
{
    private const double LeaseSeconds = 2;

    [Fact]
    public async Task Viewers_on_surviving_replicas_get_frames_again_within_the_lease_without_reconnecting()
    {
        await using var rig = await ClusterRig.StartAsync(3);
        var owner = rig.Replicas[0];
        await using var first = new FrameWatcher(await MjpegStreamClient.OpenAsync(rig.Client(owner), "cameras/lobby/stream"));
        await Eventually.TrueAsync(() => owner.Services.GetRequiredService<OwnedFeeds>().IsOwner("lobby/hd"), "replica 0 owns the camera");
        var watchers = new List<FrameWatcher>();
        foreach (var replica in rig.Replicas.Skip(1))
        {
            for (var i = 0; i < 3; i++)
            {
                watchers.Add(new FrameWatcher(await MjpegStreamClient.OpenAsync(rig.Client(replica), "cameras/lobby/stream")));
            }
        }

        try
        {
            var before = DateTime.UtcNow;
            await Eventually.TrueAsync(() => watchers.All(w => w.GotFrameAfter(before)), "every viewer streams through a relay");
            var pulls = new CameraPullWatch(rig.Camera);

            var crashed = DateTime.UtcNow;
            await rig.CrashAsync(owner);

            await Eventually.TrueAsync(
                () => watchers.All(w => w.GotFrameAfter(crashed + TimeSpan.FromSeconds(1))),
                "every viewer on the surviving replicas gets frames again",
                TimeSpan.FromSeconds(LeaseSeconds + 5));
            Assert.All(watchers, w => Assert.False(w.Ended, "the viewer kept its HTTP connection"));
            Assert.Equal(2, rig.Camera.StreamsServed);
            Assert.True(pulls.OverlapTime <= TimeSpan.FromSeconds(LeaseSeconds), $"two pulls at once for {pulls.OverlapTime.TotalSeconds:0.00} s");
            Assert.Single(rig.Replicas, r => r.Services.GetRequiredService<OwnedFeeds>().IsOwner("lobby/hd"));
        }
        finally
        {
            foreach (var w in watchers)
            {
                await w.DisposeAsync();
            }
        }
    }
}
