using MjpegGateway.Tests.Infrastructure;

namespace MjpegGateway.Tests.Cameras;

public sealed class CameraConfigTests
{
    [Fact]
    public async Task Camera_with_bad_settings_is_reported_by_key_and_skipped_while_others_run()
    {
        await using var camera = await CameraSimulator.CameraSimulator.StartAsync();
        var settings = TestGateway.Camera("good", camera.VideoUrl);
        settings["Cameras:nourl:Name"] = "No URL";
        settings["Cameras:badnum:Url"] = camera.VideoUrl.ToString();
        settings["Cameras:badnum:MaxViewers"] = "lots";
        settings["Cameras:basic:Url"] = camera.VideoUrl.ToString();
        settings["Cameras:basic:Username"] = "u";
        settings["Cameras:basic:Password"] = "never-logged-password";
        settings["Cameras:basic:AuthScheme"] = "Basic";
        settings["Cameras:ftp:Url"] = "ftp://camera.invalid/video";
        settings["Cameras:off:Enabled"] = "false";

        await using var gateway = await TestGateway.StartAsync(settings);

        Assert.Equal(["good"], gateway.Catalog.Cameras.Select(c => c.Camera.Id));
        var skipped = gateway.Logs.Entries.Where(e => e.EventId == 407).Select(e => e.Message).ToList();
        Assert.Contains(skipped, m => m.Contains("Cameras:nourl:Url is required", StringComparison.Ordinal));
        Assert.Contains(skipped, m => m.Contains("Cameras:badnum:MaxViewers", StringComparison.Ordinal));
        Assert.Contains(skipped, m => m.Contains("Cameras:basic:AuthScheme Basic over plain http", StringComparison.Ordinal));
        Assert.Contains(skipped, m => m.Contains("Cameras:ftp:Url must be an absolute http", StringComparison.Ordinal));
        Assert.DoesNotContain(skipped, m => m.Contains("'off'", StringComparison.Ordinal));
        Assert.DoesNotContain("never-logged-password", gateway.Logs.AllText, StringComparison.Ordinal);

        await using var viewer = await MjpegStreamClient.OpenAsync(gateway.Client, "cameras/good/stream");
        Assert.NotNull(await viewer.ReadFrameAsync());
    }

    [Fact]
    public async Task Camera_id_or_profile_name_with_a_trailing_newline_is_refused()
    {
        await using var camera = await CameraSimulator.CameraSimulator.StartAsync();
        var settings = TestGateway.Camera("good", camera.VideoUrl);
        settings["Cameras:nl\n:Url"] = camera.VideoUrl.ToString();
        settings["Cameras:prof:Url"] = camera.VideoUrl.ToString();
        settings["Cameras:prof:Profiles:low\n"] = "fps=5";

        await using var gateway = await TestGateway.StartAsync(settings);

        Assert.Equal(["good"], gateway.Catalog.Cameras.Select(c => c.Camera.Id));
        var skipped = gateway.Logs.Entries.Where(e => e.EventId == 407).Select(e => e.Message).ToList();
        Assert.Contains(skipped, m => m.Contains("camera id must be", StringComparison.Ordinal));
        Assert.Contains(skipped, m => m.Contains("Cameras:prof:Profiles:", StringComparison.Ordinal) && m.Contains("profile name must be", StringComparison.Ordinal));
    }
}
