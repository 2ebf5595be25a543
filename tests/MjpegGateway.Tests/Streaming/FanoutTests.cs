using MjpegGateway.CameraSimulator;
using MjpegGateway.Tests.Infrastructure;

namespace MjpegGateway.Tests.Streaming;

public sealed class FanoutTests : IAsyncLifetime
{
    private CameraSimulator.CameraSimulator _camera = null!;
    private TestGateway _gateway = null!;

    public async Task InitializeAsync()
    {
        _camera = await CameraSimulator.CameraSimulator.StartAsync(new SimulatedCameraOptions
        {
            Auth = SimulatedAuth.Digest,
            Username = "gw",
            Password = "s3cret-camera-pass",
            MaxStreams = 2,
        });
        _gateway = await TestGateway.StartAsync(TestGateway.Camera("lobby", _camera.VideoUrl,
            ("Username", "gw"), ("Password", "s3cret-camera-pass"), ("IdleLingerSeconds", "60")));
    }

    public async Task DisposeAsync()
    {
        await _gateway.DisposeAsync();
        await _camera.DisposeAsync();
    }

    [Fact]
    public async Task Fifty_viewers_receive_the_same_frames_over_one_upstream_connection()
    {
        const int Viewers = 50;
        const int FramesEach = 10;
        var streams = await Task.WhenAll(Enumerable.Range(0, Viewers).Select(_ => MjpegStreamClient.OpenAsync(_gateway.Client, "cameras/lobby/stream")));
        try
        {
            var received = await FanoutAssert.ReadSameStretchAsync(streams, FramesEach);

            Assert.Equal(1, _camera.StreamsServed);
            FanoutAssert.SameFramesInOrder(received, FramesEach);
        }
        finally
        {
            foreach (var s in streams)
            {
                await s.DisposeAsync();
            }
        }
    }

    [Fact]
    public async Task Hundred_viewers_arriving_at_once_open_exactly_one_upstream()
    {
        using var start = new ManualResetEventSlim();
        var opening = Enumerable.Range(0, 100).Select(_ => Task.Run(async () =>
        {
            start.Wait();
            var stream = await MjpegStreamClient.OpenAsync(_gateway.Client, "cameras/lobby/stream");
            await stream.ReadFrameAsync();
            return stream;
        })).ToList();
        start.Set();
        var streams = await Task.WhenAll(opening);

        Assert.Equal(1, _camera.StreamsServed);
        Assert.Equal(1, _camera.ActiveStreams);
        Assert.Equal(100, _gateway.Feed("lobby").Hub.ViewerCount);
        foreach (var s in streams)
        {
            await s.DisposeAsync();
        }

        await Eventually.TrueAsync(() => _gateway.Feed("lobby").Hub.ViewerCount == 0, "viewers detach");
        Assert.Equal(0, _gateway.Catalog.Viewers);
    }

    [Fact]
    public async Task Each_profile_has_its_own_single_upstream()
    {
        await using var hd = await MjpegStreamClient.OpenAsync(_gateway.Client, "cameras/lobby/stream?profile=hd");
        await using var low = await MjpegStreamClient.OpenAsync(_gateway.Client, "cameras/lobby/stream?profile=low");
        await using var low2 = await MjpegStreamClient.OpenAsync(_gateway.Client, "cameras/lobby/stream?profile=low");
        await Task.WhenAll(hd.ReadFramesAsync(2), low.ReadFramesAsync(2), low2.ReadFramesAsync(2));

        Assert.Equal(2, _camera.StreamsServed);
        var paths = _camera.Requests.Where(r => r.Status == 200).Select(r => r.PathAndQuery).ToList();
        Assert.Contains(paths, p => p.Contains("resolution=320x180", StringComparison.Ordinal));
        Assert.Contains(paths, p => p.Contains("resolution=160x90", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Camera_dropping_the_connection_is_reconnected_and_viewers_continue()
    {
        await using var viewer = await MjpegStreamClient.OpenAsync(_gateway.Client, "cameras/lobby/stream");
        var before = await viewer.ReadFramesAsync(3);

        _camera.DropAllConnections();
        await _camera.WaitForStreamsServedAsync(2, Eventually.DefaultTimeout);
        var after = await viewer.ReadFramesAsync(5);

        Assert.True(after[^1].ReceivedAt > before[^1].ReceivedAt);
        Assert.NotEqual(before[^1].Jpeg, after[^1].Jpeg);
        Assert.Equal(1, _gateway.Feed("lobby").Hub.ViewerCount);
    }

    [Fact]
    public async Task Snapshot_equals_a_frame_the_stream_delivered()
    {
        await using var viewer = await MjpegStreamClient.OpenAsync(_gateway.Client, "cameras/lobby/stream");
        var frames = new List<ReceivedFrame> { (await viewer.ReadFrameAsync())! };

        using var snapshot = await _gateway.Client.GetAsync("cameras/lobby/snapshot");
        Assert.Equal(System.Net.HttpStatusCode.OK, snapshot.StatusCode);
        Assert.Equal("image/jpeg", snapshot.Content.Headers.ContentType?.MediaType);
        var jpeg = await snapshot.Content.ReadAsByteArrayAsync();
        Assert.True(FrameStamp.TryRead(jpeg, out var sequence, out _));

        // The snapshot is the hub's latest frame: the viewer has it already or gets it next.
        for (var i = 0; i < 30 && frames[^1].Sequence < sequence; i++)
        {
            frames.Add((await viewer.ReadFrameAsync())!);
        }

        Assert.Equal(jpeg, Assert.Single(frames, f => f.Sequence == sequence).Jpeg);
    }

    [Fact]
    public async Task Fps_cap_delivers_about_the_asked_rate()
    {
        // The camera sends 15 fps; at ?fps=2 the viewer gets every 7.5th frame on average. Judged on the
        // camera's frame numbers rather than the wall clock, so a loaded machine does not fail it.
        await using var viewer = await MjpegStreamClient.OpenAsync(_gateway.Client, "cameras/lobby/stream?fps=2");
        var frames = await viewer.ReadFramesAsync(7);
        var gaps = frames.Zip(frames.Skip(1)).Skip(1).Select(p => p.Second.Sequence - p.First.Sequence).ToList();

        Assert.InRange(gaps.Average(), 5.5, 10.0);
    }
}
