using MjpegGateway.Tests.Infrastructure;

namespace MjpegGateway.BrowserTests.Infrastructure;

/// <summary>
/// The usual start of a grid test: one fake camera, a gateway with <c>cameras</c> camera entries pointing at it, and a
/// Chromium page signed in as a viewer with every tile live.
/// </summary>
public sealed class GridRig : IAsyncDisposable
{
    private GridRig(CameraSimulator.CameraSimulator simulator, TestGateway gateway, ViewerSession session)
    {
        Simulator = simulator;
        Gateway = gateway;
        Session = session;
    }

    public CameraSimulator.CameraSimulator Simulator { get; }

    public TestGateway Gateway { get; }

    public ViewerSession Session { get; }

    /// <param name="tweak">Changes to the gateway settings before it starts.</param>
    /// <param name="beforeOpen">Runs on the session before the page loads (e.g. to record protocols from the first request).</param>
    public static async Task<GridRig> StartAsync(
        ChromiumBrowser chromium,
        int cameras,
        string cameraClaim = "*",
        Action<Dictionary<string, string?>>? tweak = null,
        Func<ViewerSession, Task>? beforeOpen = null)
    {
        var simulator = await CameraSimulator.CameraSimulator.StartAsync(TestCameras.Simulator());
        var settings = TestCameras.Settings(simulator.VideoUrl, cameras, chromium.CertificateFolder);
        tweak?.Invoke(settings);
        var gateway = await TestGateway.StartAsync(settings);
        var session = await ViewerSession.OpenAsync(chromium, gateway);
        var rig = new GridRig(simulator, gateway, session);
        try
        {
            if (beforeOpen is not null)
            {
                await beforeOpen(session);
            }

            await session.OpenPageAsync();
            await session.SignInAsync(gateway.Tokens.Viewer("alice", cameraClaim));
            await session.WaitForTilesAsync(cameras, "live");
            return rig;
        }
        catch
        {
            await rig.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await Session.DisposeAsync();
        await Gateway.DisposeAsync();
        await Simulator.DisposeAsync();
    }
}
