using MjpegGateway.CameraSimulator;
using MjpegGateway.Tests.Infrastructure;

namespace MjpegGateway.Tests.Vapix;

/// <summary>
/// A fake Axis PTZ camera with Digest auth (it records every request, sets a cookie and a Server banner) behind the
/// real gateway on TLS, as camera <c>lobby</c>, and clients for each role.
/// </summary>
public sealed class PassThroughRig : IAsyncDisposable
{
    public const string CameraId = "lobby";
    public const string CameraUser = "gateway";
    public const string CameraPassword = "camera-Pa55-secret";

    private PassThroughRig(CameraSimulator.CameraSimulator camera, TestGateway gateway)
    {
        Camera = camera;
        Gateway = gateway;
        ViewerToken = gateway.Tokens.Create("vera", ["viewer"], [CameraId]);
        OperatorToken = gateway.Tokens.Create("otto", ["operator"], [CameraId]);
        AdminToken = gateway.Tokens.Create("ada", ["admin"], ["*"]);
        Viewer = gateway.CreateClient(ViewerToken);
        Operator = gateway.CreateClient(OperatorToken);
        Admin = gateway.CreateClient(AdminToken);
    }

    public CameraSimulator.CameraSimulator Camera { get; }

    public TestGateway Gateway { get; }

    public string ViewerToken { get; }

    public string OperatorToken { get; }

    public string AdminToken { get; }

    public HttpClient Viewer { get; }

    public HttpClient Operator { get; }

    public HttpClient Admin { get; }

    /// <summary>Requests the camera received for <paramref name="cgiPath"/> (e.g. <c>/axis-cgi/com/ptz.cgi</c>).</summary>
    public IReadOnlyList<RecordedRequest> CameraRequestsTo(string cgiPath) =>
        Camera.Requests.Where(r => r.PathAndQuery.StartsWith(cgiPath, StringComparison.Ordinal)).ToList();

    /// <summary>Starts the camera and the gateway; <paramref name="extra"/> are camera keys or global keys (with ':').</summary>
    public static Task<PassThroughRig> StartAsync(string cameraPassword = CameraPassword, params (string Key, string? Value)[] extra) =>
        StartAsync(traced: false, cameraPassword, extra);

    /// <summary>Starts the camera and the gateway, with tracing on (<see cref="TestGateway.WithTracing"/>) when <paramref name="traced"/>.</summary>
    public static async Task<PassThroughRig> StartAsync(bool traced, string cameraPassword = CameraPassword, params (string Key, string? Value)[] extra)
    {
        var camera = await CameraSimulator.CameraSimulator.StartAsync(new SimulatedCameraOptions
        {
            Auth = SimulatedAuth.Digest,
            Username = CameraUser,
            Password = CameraPassword,
        });
        try
        {
            var settings = TestGateway.Camera(CameraId, camera.VideoUrl, [("Username", CameraUser), ("Password", cameraPassword), .. extra]);
            return new PassThroughRig(camera, await TestGateway.StartAsync(traced ? TestGateway.WithTracing(settings) : settings));
        }
        catch
        {
            await camera.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await Gateway.DisposeAsync();
        await Camera.DisposeAsync();
    }
}
