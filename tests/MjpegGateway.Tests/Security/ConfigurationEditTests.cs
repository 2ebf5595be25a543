using System.Net;
using MjpegGateway.Tests.Cameras;
using MjpegGateway.Tests.Infrastructure;

namespace MjpegGateway.Tests.Security;

public sealed class ConfigurationEditTests
{
    [Fact]
    public async Task Unreadable_edit_keeps_the_allow_list_and_rate_limits_in_force()
    {
        await using var camera = await CameraSimulator.CameraSimulator.StartAsync();
        using var file = new ConfigFile();
        file.WriteText("""
            { "Security": { "AllowedNetworks": [ "10.0.0.0/8" ] },
              "RateLimits": { "Rules": { "api": { "PerIp": { "PermitsPerMinute": 6, "Burst": 1 } } } } }
            """);
        await using var gateway = await TestGateway.StartAsync(
            TestGateway.Camera("lobby", camera.VideoUrl),
            configure: b => b.Configuration.AddJsonFile(file.Path, optional: false, reloadOnChange: true));
        using (var before = await gateway.Client.GetAsync("cameras"))
        {
            Assert.Equal(HttpStatusCode.Forbidden, before.StatusCode);
        }

        file.WriteText("""{ "Security": { "AllowedNetworks": [ "10.0.0.0/8" """);
        await Eventually.TrueAsync(() => gateway.Logs.Entries.Any(e => e.EventId == 406), "unreadable file noticed");

        using var after = await gateway.Client.GetAsync("cameras");
        Assert.Equal(HttpStatusCode.Forbidden, after.StatusCode);
    }
}
