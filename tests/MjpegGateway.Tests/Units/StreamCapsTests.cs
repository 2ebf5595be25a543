using Microsoft.Extensions.DependencyInjection;
using MjpegGateway.Security;

namespace MjpegGateway.Tests.Units;

/// <summary>The in-process caps: all four limits, all or nothing, and slots that free everything once.</summary>
public sealed class StreamCapsTests
{
    [Theory]
    [InlineData("Gateway:MaxStreamsPerSubject", "alice", "10.0.0.2", "lobby", StreamCapRejection.Subject)]
    [InlineData("Gateway:MaxStreamsPerIp", "bob", "10.0.0.1", "lobby", StreamCapRejection.Ip)]
    [InlineData("Gateway:MaxViewersTotal", "bob", "10.0.0.2", "yard", StreamCapRejection.Gateway)]
    public async Task Second_stream_over_a_limit_of_one_is_refused_by_that_limit(string limit, string subject, string ip, string camera, StreamCapRejection expected)
    {
        await using var parts = GatewayParts.Create(new Dictionary<string, string?> { [limit] = "1" });
        var caps = (StreamCaps)parts.GetRequiredService<IStreamCaps>();

        var first = caps.TryReserve(new("alice", "10.0.0.1", "lobby", 100));
        var second = caps.TryReserve(new(subject, ip, camera, 100));

        Assert.Equal(StreamCapRejection.None, first.Rejection);
        Assert.Equal((expected, null), (second.Rejection, second.Slot));
        await first.Slot!.DisposeAsync();
        Assert.Equal(StreamCapRejection.None, caps.TryReserve(new(subject, ip, camera, 100)).Rejection);
    }

    [Fact]
    public async Task Camera_limit_comes_with_the_request_and_a_refusal_reserves_nothing()
    {
        await using var parts = GatewayParts.Create(new Dictionary<string, string?>());
        var caps = (StreamCaps)parts.GetRequiredService<IStreamCaps>();

        var first = caps.TryReserve(new("alice", "10.0.0.1", "lobby", 1));
        var refused = caps.TryReserve(new("bob", "10.0.0.2", "lobby", 1));

        Assert.Equal(StreamCapRejection.Camera, refused.Rejection);
        Assert.Equal((1, 2), (caps.Total, caps.TrackedCallers));
        await first.Slot!.DisposeAsync();
        await first.Slot.DisposeAsync();
        Assert.Equal((0, 0), (caps.Total, caps.TrackedCallers));
    }

    [Fact]
    public async Task Anonymous_viewers_of_a_public_camera_have_no_subject_cap()
    {
        await using var parts = GatewayParts.Create(new Dictionary<string, string?> { ["Gateway:MaxStreamsPerSubject"] = "1" });
        var caps = parts.GetRequiredService<IStreamCaps>();

        var first = await caps.TryReserveAsync(new(null, "10.0.0.1", "lobby", 100), default);
        var second = await caps.TryReserveAsync(new(null, "10.0.0.2", "lobby", 100), default);

        Assert.Equal((StreamCapRejection.None, StreamCapRejection.None), (first.Rejection, second.Rejection));
    }
}
