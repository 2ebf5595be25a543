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

    // Each demo camera its own name (drawn on its picture), colours (the simulator's VAPIX camera channel),
    // resolution and frame rate, so the tiles are told apart at a glance. Cameras past the list reuse it by number.
    private static readonly (string Name, string Hd, string Low)[] Looks =
    [
        ("Lobby", "resolution=1280x720&fps=15", "resolution=640x360&fps=5"),
        ("Loading dock", "resolution=1024x576&fps=12", "resolution=512x288&fps=4"),
        ("Car park", "resolution=960x540&fps=10", "resolution=480x270&fps=3"),
        ("Server room", "resolution=800x600&fps=8", "resolution=400x300&fps=2"),
    ];

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
            var look = Looks[(i - 1) % Looks.Length];
            var name = i <= Looks.Length ? look.Name : look.Name + " " + i.ToString(CultureInfo.InvariantCulture);
            var scene = "&camera=" + (((i - 1) % Looks.Length) + 1).ToString(CultureInfo.InvariantCulture)
                + "&text=1&textstring=" + Uri.EscapeDataString(name);
            settings[key + "Name"] = name;
            settings[key + "Url"] = simulator.VideoUrl.ToString();
            settings[key + "Username"] = "demo";
            settings[key + "Password"] = password;
            settings[key + "AuthScheme"] = "Digest";
            settings[key + "Profiles:hd"] = look.Hd + scene;
            settings[key + "Profiles:low"] = look.Low + scene;
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
