using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using MjpegGateway.Cameras;
using MjpegGateway.Tests.Infrastructure;
using MjpegGateway.Upstream;

namespace MjpegGateway.Tests.Units;

/// <summary>
/// A feed's demand and linger on a fake clock: an on-demand upstream starts with the first demand and closes
/// <c>IdleLingerSeconds</c> after the last one ends; an always-on one stays open with no demand at all.
/// </summary>
public sealed class CameraFeedTests
{
    private static ServiceProvider Lobby(params (string Key, string Value)[] edits)
    {
        var settings = GatewayParts.Cameras("lobby");
        settings["Cameras:lobby:IdleLingerSeconds"] = "5";
        foreach (var (key, value) in edits)
        {
            settings["Cameras:lobby:" + key] = value;
        }

        return GatewayParts.Create(settings);
    }

    private static CameraFeed Feed(ServiceProvider parts)
    {
        Assert.True(parts.GetRequiredService<CameraCatalog>().TryGet("lobby", out var camera));
        return camera.Feeds["hd"];
    }

    private static FakeTimeProvider Clock(ServiceProvider parts) => (FakeTimeProvider)parts.GetRequiredService<TimeProvider>();

    [Fact]
    public async Task An_on_demand_upstream_starts_with_the_first_demand()
    {
        await using var parts = Lobby();
        var feed = Feed(parts);

        Assert.False(feed.Upstream.IsRunning);
        using var demand = feed.AcquireDemand();

        Assert.True(feed.Upstream.IsRunning);
    }

    [Fact]
    public async Task The_upstream_closes_once_the_linger_has_passed_without_demand()
    {
        await using var parts = Lobby();
        var feed = Feed(parts);
        var time = Clock(parts);
        feed.AcquireDemand().Dispose();

        time.Advance(TimeSpan.FromSeconds(4.9));
        Assert.True(feed.Upstream.IsRunning, "still lingering");

        time.Advance(TimeSpan.FromSeconds(0.2));
        Assert.False(feed.Upstream.IsRunning);
        await Eventually.TrueAsync(() => feed.Upstream.State == UpstreamState.Idle, "upstream idle after the linger");
    }

    [Fact]
    public async Task Demand_during_the_linger_cancels_it()
    {
        await using var parts = Lobby();
        var feed = Feed(parts);
        var time = Clock(parts);
        feed.AcquireDemand().Dispose();
        time.Advance(TimeSpan.FromSeconds(3));

        using var again = feed.AcquireDemand();
        time.Advance(TimeSpan.FromSeconds(60));

        Assert.True(feed.Upstream.IsRunning);
    }

    [Fact]
    public async Task A_released_demand_lease_released_twice_counts_once()
    {
        await using var parts = Lobby();
        var feed = Feed(parts);
        var time = Clock(parts);
        using var held = feed.AcquireDemand();
        var other = feed.AcquireDemand();

        other.Dispose();
        other.Dispose();
        time.Advance(TimeSpan.FromSeconds(60));

        Assert.True(feed.Upstream.IsRunning, "one demand is still held");
    }

    [Fact]
    public async Task An_always_on_upstream_stays_open_without_demand()
    {
        await using var parts = Lobby(("Mode", "AlwaysOn"));
        var feed = Feed(parts);
        var time = Clock(parts);

        feed.StartAlwaysOn();
        feed.AcquireDemand().Dispose();
        time.Advance(TimeSpan.FromSeconds(60));

        Assert.True(feed.IsHeldOpen);
        Assert.True(feed.Upstream.IsRunning);
    }

    [Fact]
    public async Task An_on_demand_feed_does_not_start_as_always_on()
    {
        await using var parts = Lobby();
        var feed = Feed(parts);

        feed.StartAlwaysOn();

        Assert.False(feed.Upstream.IsRunning);
    }
}
