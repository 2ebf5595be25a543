using Microsoft.AspNetCore.Connections;
using Microsoft.Extensions.DependencyInjection;
using MjpegGateway.CameraSimulator;
using MjpegGateway.Tests.Infrastructure;
using MjpegGateway.Transport;

namespace MjpegGateway.Tests.Streaming;

/// <summary>
/// Responses and TLS records go through the gateway's 16 KB blocks over HTTPS and plain HTTP alike, while the socket's
/// receives take 4 KB blocks.
/// </summary>
public sealed class KestrelMemoryPoolTests : IAsyncLifetime
{
    private CameraSimulator.CameraSimulator _camera = null!;

    public async Task InitializeAsync() => _camera = await CameraSimulator.CameraSimulator.StartAsync(new SimulatedCameraOptions());

    public async Task DisposeAsync() => await _camera.DisposeAsync();

    [Fact]
    public async Task Frames_and_TLS_records_go_through_16_KB_blocks_and_receives_through_4_KB_ones()
    {
        await using var gateway = await TestGateway.StartAsync(
            TestGateway.Camera("lobby", _camera.VideoUrl, ("Public", "true"), ("Cameras:lobby:Profiles:hd", "resolution=1280x720&fps=5&compression=5")),
            plainHttpToo: true);
        using var plain = new HttpClient { BaseAddress = gateway.PlainAddress };

        await using (var overTls = await MjpegStreamClient.OpenAsync(gateway.Client, "cameras/lobby/stream"))
        await using (var overPlain = await MjpegStreamClient.OpenAsync(plain, "cameras/lobby/stream"))
        {
            var tlsFrames = await overTls.ReadFramesAsync(3);
            var plainFrames = await overPlain.ReadFramesAsync(3);
            Assert.All(tlsFrames.Concat(plainFrames), frame => Assert.True(frame.Jpeg.Length >= 64 * 1024, $"a frame of {frame.Jpeg.Length} bytes"));
        }

        var factory = Assert.IsType<TransportMemoryPoolFactory>(gateway.Services.GetRequiredService<IMemoryPoolFactory<byte>>());
        Assert.Equal(StreamingTransportOptions.DefaultPoolBlockBytes, factory.ResponsePool.MaxBufferSize);
        // The frames went through the response pool: blocks were rented and came back to be reused.
        Assert.True(factory.ResponsePool.FreeBlocks > 0);

        var transportPools = factory.LiveTransportPools;
        Assert.NotEmpty(transportPools);
        Assert.All(transportPools, pool => Assert.Equal(TransportMemoryPool.SmallBlockBytes, pool.Small.MaxBufferSize));
        // The receives took small blocks. The records of a frame of 64 KB or more, written in 4 KB blocks before the flush that
        // sends them, would have needed 16 at once; at most one receive per connection holds one.
        var smallBlocks = transportPools.Sum(pool => pool.Small.AllocatedBlocks);
        Assert.InRange(smallBlocks, 1, 8);
    }

    [Fact]
    public async Task Zero_keeps_Kestrels_own_pool()
    {
        await using var gateway = await TestGateway.StartAsync(
            TestGateway.Camera("lobby", _camera.VideoUrl, ("StreamingTransport:PoolBlockBytes", "0")));
        await using var stream = await MjpegStreamClient.OpenAsync(gateway.Client, "cameras/lobby/stream");
        await stream.ReadFramesAsync(2);

        Assert.IsNotType<TransportMemoryPoolFactory>(gateway.Services.GetRequiredService<IMemoryPoolFactory<byte>>());
        Assert.Null(gateway.Services.GetService<TransportMemoryPoolFactory>());
    }
}
