using System.Net;
using Microsoft.Extensions.DependencyInjection;
using MjpegGateway.CameraSimulator;
using MjpegGateway.Tests.Infrastructure;

namespace MjpegGateway.Tests.Vapix;

public sealed class VapixReloadTests
{
    [Fact]
    public async Task Camera_added_by_a_reload_gets_its_routes_and_a_removed_one_loses_them()
    {
        await using var rig = await PassThroughRig.StartAsync();
        await using var second = await CameraSimulator.CameraSimulator.StartAsync(new SimulatedCameraOptions { Auth = SimulatedAuth.Digest, Username = "gw2", Password = "pw2" });
        var configuration = rig.Gateway.Services.GetRequiredService<IConfiguration>();
        using (var before = await rig.Admin.GetAsync("cameras/dock/vapix/com/ptz.cgi?move=up"))
        {
            Assert.Equal(HttpStatusCode.NotFound, before.StatusCode);
        }

        configuration["Cameras:dock:Url"] = second.VideoUrl.ToString();
        configuration["Cameras:dock:Username"] = "gw2";
        configuration["Cameras:dock:Password"] = "pw2";
        await rig.Gateway.Catalog.ReloadAsync();

        using (var added = await rig.Admin.GetAsync("cameras/dock/vapix/com/ptz.cgi?move=up"))
        {
            Assert.Equal(HttpStatusCode.NoContent, added.StatusCode);
        }

        Assert.Equal(5, second.Ptz.Tilt);
        Assert.Equal(0, rig.Camera.Ptz.Commands);

        configuration["Cameras:dock:Enabled"] = "false";
        await rig.Gateway.Catalog.ReloadAsync();

        using var removed = await rig.Admin.GetAsync("cameras/dock/vapix/com/ptz.cgi?move=up");
        Assert.Equal(HttpStatusCode.NotFound, removed.StatusCode);
        Assert.Equal(1, second.Ptz.Commands);
    }

    [Fact]
    public async Task Corrected_camera_password_applies_to_the_next_call()
    {
        await using var rig = await PassThroughRig.StartAsync(cameraPassword: "stale-password");
        using (var refused = await rig.Operator.GetAsync("cameras/lobby/vapix/com/ptz.cgi?move=up"))
        {
            Assert.Equal(HttpStatusCode.BadGateway, refused.StatusCode);
        }

        rig.Gateway.Services.GetRequiredService<IConfiguration>()["Cameras:lobby:Password"] = PassThroughRig.CameraPassword;
        await rig.Gateway.Catalog.ReloadAsync();

        using var accepted = await rig.Operator.GetAsync("cameras/lobby/vapix/com/ptz.cgi?move=up");
        Assert.Equal(HttpStatusCode.NoContent, accepted.StatusCode);
        Assert.Equal(5, rig.Camera.Ptz.Tilt);
    }
}
