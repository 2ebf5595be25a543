using System.Globalization;
using MjpegGateway.CameraSimulator;

namespace MjpegGateway.BrowserTests.Infrastructure;

/// <summary>Gateway settings for N cameras sharing one fake Axis camera, at a small picture so 2 cores keep up.</summary>
public static class TestCameras
{
    /// <summary>320x180 at 10 fps: small for the machine, still a picture that changes every 100 ms.</summary>
    public const string GridProfile = "resolution=320x180&fps=10";

    /// <summary>Enough upstream streams for every camera, plus headroom for reconnects.</summary>
    public static SimulatedCameraOptions Simulator() => new() { MaxStreams = 40 };

    public static string Id(int index) => "cam-" + index.ToString("00", CultureInfo.InvariantCulture);

    public static Dictionary<string, string?> Settings(Uri videoUrl, int count, string certificateFolder)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Tls:DataPath"] = certificateFolder,
            // Quick upstream recovery, so a camera coming back shows within seconds.
            ["Gateway:Reconnect:InitialDelaySeconds"] = "0.1",
            ["Gateway:Reconnect:MaxDelaySeconds"] = "1",
            ["Gateway:Reconnect:RefusedMinDelaySeconds"] = "1",
        };
        for (var i = 1; i <= count; i++)
        {
            var key = "Cameras:" + Id(i) + ":";
            settings[key + "Name"] = "Camera " + i.ToString(CultureInfo.InvariantCulture);
            settings[key + "Url"] = videoUrl.ToString();
            settings[key + "Profiles:low"] = GridProfile;
        }

        return settings;
    }
}
