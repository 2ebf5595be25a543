using MjpegGateway.Cameras;

namespace MjpegGateway.Tests.Units;

/// <summary>The reload diff compares settings by value: collections by content, never by serializing them.</summary>
public sealed class CameraChangesTests
{
    private static Camera Read(params (string Key, string Value)[] edits)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Cameras:lobby:Url"] = "http://10.0.0.21/axis-cgi/mjpg/video.cgi",
            ["Cameras:lobby:Username"] = "gateway",
            ["Cameras:lobby:Password"] = "secret",
            ["Cameras:lobby:Profiles:hd"] = "resolution=1280x720",
            ["Cameras:lobby:Profiles:low"] = "resolution=640x360",
            ["Cameras:lobby:AllowedNetworks:0"] = "10.0.0.0/8",
        };
        foreach (var (key, value) in edits)
        {
            settings["Cameras:lobby:" + key] = value;
        }

        var result = CameraConfigReader.Read(new ConfigurationBuilder().AddInMemoryCollection(settings).Build());
        Assert.Empty(result.Errors);
        return Assert.Single(result.Cameras);
    }

    [Fact]
    public void The_same_settings_read_twice_are_the_same()
    {
        var (a, b) = (Read(), Read());

        Assert.NotSame(a.Options, b.Options);
        Assert.True(CameraChanges.Same(a, b));
        Assert.Equal(a.Options.GetHashCode(), b.Options.GetHashCode());
    }

    [Theory]
    [InlineData("Password", "other", false)]
    [InlineData("Url", "http://10.0.0.22/axis-cgi/mjpg/video.cgi", false)]
    [InlineData("Profiles:hd", "resolution=1920x1080", true)]
    [InlineData("Profiles:mobile", "resolution=320x180", true)]
    [InlineData("AllowedNetworks:0", "192.168.0.0/16", true)]
    [InlineData("MaxViewers", "5", true)]
    [InlineData("IdleLingerSeconds", "5", true)]
    public void An_edit_is_a_change_and_only_connection_edits_reconnect(string key, string value, bool sameConnection)
    {
        var (running, edited) = (Read(), Read((key, value)));

        Assert.False(CameraChanges.Same(running, edited));
        Assert.Equal(sameConnection, CameraChanges.SameConnection(running, edited));
    }

    [Fact]
    public void Settings_never_print_the_password()
    {
        var camera = Read();

        Assert.DoesNotContain("secret", camera.Options.ToString(), StringComparison.Ordinal);
    }
}
