using System.Buffers;
using Microsoft.AspNetCore.Connections;
using Microsoft.Extensions.DependencyInjection;
using MjpegGateway.CameraSimulator;
using MjpegGateway.Tests.Infrastructure;
using MjpegGateway.Transport;

namespace MjpegGateway.Tests.Streaming;

/// <summary>Kestrel takes its buffers from the gateway's large-block pool, over HTTPS and plain HTTP alike.</summary>
public sealed class KestrelMemoryPoolTests : IAsyncLifetime
{
    private CameraSimulator.CameraSimulator _camera = null!;

    public async Task InitializeAsync() => _camera = await CameraSimulator.CameraSimulator.StartAsync(new SimulatedCameraOptions());

    public async Task DisposeAsync() => await _camera.DisposeAsync();

    [Fact]
    public async Task Frames_reach_viewers_through_pools_of_16_KB_blocks_by_default()
    {
        await using var gateway = await TestGateway.StartAsync(TestGateway.Camera("lobby", _camera.VideoUrl, ("Public", "true")), plainHttpToo: true);
        using var plain = new HttpClient { BaseAddress = gateway.PlainAddress };

        await using (var overTls = await MjpegStreamClient.OpenAsync(gateway.Client, "cameras/lobby/stream"))
        await using (var overPlain = await MjpegStreamClient.OpenAsync(plain, "cameras/lobby/stream"))
        {
            var tlsFrames = await overTls.ReadFramesAsync(3);
            var plainFrames = await overPlain.ReadFramesAsync(3);
            Assert.All(tlsFrames.Concat(plainFrames), frame => Assert.True(frame.Sequence > 0));
        }

        var factory = Assert.IsType<LargeBlockMemoryPoolFactory>(gateway.Services.GetRequiredService<IMemoryPoolFactory<byte>>());
        var pools = factory.LivePools;
        Assert.NotEmpty(pools);
        Assert.All(pools, pool => Assert.Equal(StreamingTransportOptions.DefaultPoolBlockBytes, pool.MaxBufferSize));
        // The frames went through them: blocks were rented and came back to be reused.
        Assert.Contains(pools, pool => pool.FreeBlocks > 0);
    }

    [Fact]
    public async Task Zero_keeps_Kestrels_own_pool()
    {
        await using var gateway = await TestGateway.StartAsync(
            TestGateway.Camera("lobby", _camera.VideoUrl, ("StreamingTransport:PoolBlockBytes", "0")));
        await using var stream = await MjpegStreamClient.OpenAsync(gateway.Client, "cameras/lobby/stream");
        await stream.ReadFramesAsync(2);

        Assert.IsNotType<LargeBlockMemoryPoolFactory>(gateway.Services.GetRequiredService<IMemoryPoolFactory<byte>>());
    }
}
