using System.Net;

namespace MjpegGateway.CameraSimulator.Tests;

public sealed class PtzCgiTests
{
    private static Uri Ptz(CameraSimulator camera, string query = "") => new(camera.BaseAddress, "axis-cgi/com/ptz.cgi" + query);

    [Fact]
    public async Task Absolute_relative_and_step_moves_change_the_head()
    {
        await using var camera = await CameraSimulator.StartAsync();
        using var client = new HttpClient();

        using (var absolute = await client.GetAsync(Ptz(camera, "?pan=90&tilt=-30&zoom=2000")))
        {
            Assert.Equal(HttpStatusCode.NoContent, absolute.StatusCode);
        }

        Assert.Equal((90, -30, 2000), (camera.Ptz.Pan, camera.Ptz.Tilt, camera.Ptz.Zoom));
        (await client.GetAsync(Ptz(camera, "?rpan=100&rtilt=-100&rzoom=-500"))).Dispose();
        Assert.Equal((-170, -90, 1500), (camera.Ptz.Pan, camera.Ptz.Tilt, camera.Ptz.Zoom));
        (await client.GetAsync(Ptz(camera, "?move=upright"))).Dispose();
        Assert.Equal((-165, -85), (camera.Ptz.Pan, camera.Ptz.Tilt));
        (await client.GetAsync(Ptz(camera, "?move=home"))).Dispose();
        Assert.Equal((0, 0, 1), (camera.Ptz.Pan, camera.Ptz.Tilt, camera.Ptz.Zoom));
        Assert.Equal(4, camera.Ptz.Commands);
    }

    [Fact]
    public async Task Post_form_continuous_moves_and_position_query()
    {
        await using var camera = await CameraSimulator.StartAsync();
        using var client = new HttpClient();

        using var post = await client.PostAsync(Ptz(camera), new FormUrlEncodedContent([new("continuouspantiltmove", "20,-5"), new("pan", "12.5")]));
        var position = await client.GetStringAsync(Ptz(camera, "?query=position"));

        Assert.Equal(HttpStatusCode.NoContent, post.StatusCode);
        Assert.Equal((20, -5), (camera.Ptz.PanSpeed, camera.Ptz.TiltSpeed));
        Assert.Equal("pan=12.5000\ntilt=0.0000\nzoom=1\n", position);
    }

    [Theory]
    [InlineData("?pan=500")]
    [InlineData("?move=sideways")]
    [InlineData("?tour=1")]
    [InlineData("?continuouspantiltmove=1")]
    public async Task Invalid_commands_get_400_and_leave_the_head_alone(string query)
    {
        await using var camera = await CameraSimulator.StartAsync();
        using var client = new HttpClient();
        using var response = await client.GetAsync(Ptz(camera, query));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(0, camera.Ptz.Commands);
    }

    [Fact]
    public async Task Ptz_needs_digest_credentials_and_every_response_carries_a_banner_and_cookie()
    {
        await using var camera = await CameraSimulator.StartAsync(new SimulatedCameraOptions { Auth = SimulatedAuth.Digest, Username = "root", Password = "pass" });
        using var anonymous = new HttpClient();
        using var refused = await anonymous.GetAsync(Ptz(camera, "?move=up"));
        using var client = new HttpClient(new SocketsHttpHandler { Credentials = new CredentialCache { { camera.BaseAddress, "Digest", new NetworkCredential("root", "pass") } } });
        using var moved = await client.GetAsync(Ptz(camera, "?move=up"));

        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, moved.StatusCode);
        Assert.Equal(5, camera.Ptz.Tilt);
        foreach (var response in new[] { refused, moved })
        {
            Assert.StartsWith("axis-simulated/", response.Headers.Server.ToString(), StringComparison.Ordinal);
            Assert.StartsWith("axis_session=", response.Headers.GetValues("Set-Cookie").Single(), StringComparison.Ordinal);
        }
    }
}
