using MjpegGateway.ClusterTests.Infrastructure;
using MjpegGateway.Tests.Infrastructure;

namespace MjpegGateway.ClusterTests.Relay;

public sealed class OneCameraConnectionTests
{
    [Fact]
    public async Task Thirty_viewers_on_three_replicas_share_one_camera_stream_and_see_the_same_frames()
    {
        const int PerReplica = 10;
        const int FramesEach = 15;
        await using var rig = await ClusterRig.StartAsync(3);
        var pulls = new CameraPullWatch(rig.Camera);

        var streams = new List<MjpegStreamClient>();
        foreach (var replica in rig.Replicas)
        {
            var client = rig.Client(replica);
            streams.AddRange(await Task.WhenAll(Enumerable.Range(0, PerReplica).Select(_ => MjpegStreamClient.OpenAsync(client, "cameras/lobby/stream"))));
        }

        try
        {
            // Opened one replica after another: judged on the stretch of frames all of them were there for.
            var received = await FanoutAssert.ReadSameStretchAsync(streams, FramesEach);

            Assert.Equal(1, rig.Camera.StreamsServed);
            Assert.Equal(1, pulls.MaxConcurrent);
            var frames = received.SelectMany(f => f).ToList();
            Assert.All(frames, f => Assert.True(f.Sequence > 0, "frame carries the camera's stamp"));
            // Every copy of a camera frame is byte-identical, on whichever replica it was watched.
            Assert.All(frames.GroupBy(f => f.Sequence), g => Assert.All(g, f => Assert.Equal(g.First().Jpeg, f.Jpeg)));
            Assert.All(received, own => Assert.True(own.Zip(own.Skip(1)).All(p => p.Second.Sequence > p.First.Sequence), "camera order"));
            // The viewers' sequences overlap: they watch one stream, not three.
            var common = received.Select(r => r.Select(f => f.Sequence).ToHashSet()).Aggregate((a, b) => { a.IntersectWith(b); return a; });
            Assert.True(common.Count >= FramesEach / 3, $"frames seen by all 30 viewers: {common.Count}");
        }
        finally
        {
            foreach (var s in streams)
            {
                await s.DisposeAsync();
            }
        }
    }
}
