namespace MjpegGateway.ClusterTests.Infrastructure;

/// <summary>
/// How many streams the camera served at once from now on: the most, and for how long more than one ran. Counted by the
/// simulator at every stream's start and end, so even a second pull that lasts a moment shows.
/// </summary>
public sealed class CameraPullWatch
{
    private readonly CameraSimulator.CameraSimulator _camera;

    public CameraPullWatch(CameraSimulator.CameraSimulator camera)
    {
        _camera = camera;
        camera.MarkConcurrency();
    }

    public int MaxConcurrent => _camera.PeakActiveStreams;

    public TimeSpan OverlapTime => _camera.StreamOverlapTime;
}
