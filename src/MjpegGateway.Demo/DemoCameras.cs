using System.Globalization;
using System.Security.Cryptography;
using MjpegGateway.CameraSimulator;
using MjpegGateway.WebViewer;

namespace MjpegGateway.Demo;

/// <summary>
/// Starts one fake Axis camera (Digest auth, like a real one) on a loopback port and describes demo
/// cameras pointing at it as ordinary <c>Cameras</c> configuration, so the demo runs the real code path.
/// </summary>
public sealed class DemoCameras : IHostedService, IDemoSignIn, IAsyncDisposable
{
    private const int StreamsPerCamera = 2;
    private const int MaxDemoCameras = 64;

    private readonly CameraSimulator.CameraSimulator _simulator;

    private DemoCameras(CameraSimulator.CameraSimulator simulator, IReadOnlyList<string> ids)
    {
        _simulator = simulator;
        CameraIds = ids;
    }

    /// <summary>Ids of the demo cameras.</summary>
    public IReadOnlyList<string> CameraIds { get; }

    /// <summary>Starts the fake camera and adds the demo cameras to <paramref name="configuration"/>.</summary>
    public static async Task<DemoCameras> StartAsync(DemoOptions options, IConfigurationBuilder configuration, CancellationToken cancellationToken)
    {
        var count = Math.Clamp(options.Cameras, 1, MaxDemoCameras);
        var password = Convert.ToHexString(RandomNumberGenerator.GetBytes(16));
        var simulator = await CameraSimulator.CameraSimulator.StartAsync(
            new SimulatedCameraOptions
            {
                Auth = SimulatedAuth.Digest,
                Username = "demo",
                Password = password,
                MaxStreams = count * StreamsPerCamera + StreamsPerCamera,
            },
            cancellationToken);

        var settings = new Dictionary<string, string?>();
        var ids = new List<string>();
        for (var i = 1; i <= count; i++)
        {
            var id = "demo-" + i.ToString(CultureInfo.InvariantCulture);
            ids.Add(id);
            var key = "Cameras:" + id + ":";
            settings[key + "Name"] = "Demo camera " + i.ToString(CultureInfo.InvariantCulture);
            settings[key + "Url"] = simulator.VideoUrl.ToString();
            settings[key + "Username"] = "demo";
            settings[key + "Password"] = password;
            settings[key + "AuthScheme"] = "Digest";
            settings[key + "Profiles:hd"] = "resolution=1280x720&fps=15";
            settings[key + "Profiles:low"] = "resolution=640x360&fps=5";
            settings[key + "Mode"] = "OnDemand";
        }

        // The demo signs its own tokens with a key made for this run, unless one is configured.
        if (configuration is IConfiguration existing && string.IsNullOrEmpty(existing["Auth:SigningKey"]))
        {
            settings["Auth:SigningKey"] = "base64:" + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
        }

        configuration.AddInMemoryCollection(settings);
        return new DemoCameras(simulator, ids);
    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => _simulator.StopAsync();

    public ValueTask DisposeAsync() => _simulator.DisposeAsync();
}
