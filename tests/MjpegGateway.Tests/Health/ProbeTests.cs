using System.Net;
using System.Text.Json;
using MjpegGateway.Tests.Infrastructure;

namespace MjpegGateway.Tests.Health;

public sealed class ProbeTests
{
    [Fact]
    public async Task Readyz_turns_off_when_a_required_camera_fails_and_on_when_it_recovers()
    {
        await using var camera = await CameraSimulator.CameraSimulator.StartAsync(new CameraSimulator.SimulatedCameraOptions
        {
            Auth = CameraSimulator.SimulatedAuth.Digest,
            Username = "gw",
            Password = "probe-secret-pass",
        });
        await using var gateway = await TestGateway.StartAsync(TestGateway.Camera("yard", camera.VideoUrl,
            ("Username", "gw"), ("Password", "probe-secret-pass"), ("Required", "true")));
        var probes = gateway.Anonymous;

        await EventuallyStatusAsync(probes, "readyz", HttpStatusCode.OK, "ready once the required camera streams");

        await camera.StopAsync();
        var down = await EventuallyStatusAsync(probes, "readyz", HttpStatusCode.ServiceUnavailable, "not ready while the camera is down");
        Assert.Contains("yard", down, StringComparison.Ordinal);
        Assert.DoesNotContain("probe-secret-pass", down, StringComparison.Ordinal);
        Assert.DoesNotContain(camera.VideoUrl.Authority, down, StringComparison.Ordinal);
        using (var live = await probes.GetAsync("healthz"))
        {
            // Liveness does not depend on cameras: a camera outage must not restart the pod.
            Assert.Equal(HttpStatusCode.OK, live.StatusCode);
        }

        await camera.RestartAsync();
        var up = await EventuallyStatusAsync(probes, "readyz", HttpStatusCode.OK, "ready again after the camera recovers");
        var report = JsonDocument.Parse(up).RootElement;
        Assert.Equal("Healthy", report.GetProperty("status").GetString());
    }

    [Fact]
    public async Task Gateway_without_required_cameras_is_ready_and_reports_bad_camera_settings_as_degraded()
    {
        await using var gateway = await TestGateway.StartAsync(new Dictionary<string, string?>
        {
            ["Cameras:broken:Url"] = "ftp://camera.invalid/video",
            ["Cameras:broken:Password"] = "never-shown",
        });

        using var response = await gateway.Anonymous.GetAsync("readyz");
        var body = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Degraded", JsonDocument.Parse(body).RootElement.GetProperty("status").GetString());
        Assert.Contains("broken", body, StringComparison.Ordinal);
        Assert.DoesNotContain("never-shown", body, StringComparison.Ordinal);
        Assert.DoesNotContain("ftp://", body, StringComparison.Ordinal);
    }

    internal static async Task<string> EventuallyStatusAsync(HttpClient client, string path, HttpStatusCode expected, string what)
    {
        var (_, body) = await Eventually.ValueAsync(
            async () =>
            {
                using var response = await client.GetAsync(path);
                return (Status: response.StatusCode, Body: await response.Content.ReadAsStringAsync());
            },
            answer => answer.Status == expected,
            what,
            answer => $"{(int)answer.Status}: {answer.Body}");
        return body;
    }
}
