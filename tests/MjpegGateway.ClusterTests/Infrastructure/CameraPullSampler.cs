namespace MjpegGateway.ClusterTests.Infrastructure;

/// <summary>Samples the camera's concurrent streams every few milliseconds: the most seen, and for how long more than one ran.</summary>
public sealed class CameraPullSampler : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _sampling;

    public CameraPullSampler(CameraSimulator.CameraSimulator camera)
    {
        _sampling = Task.Run(async () =>
        {
            var last = DateTime.UtcNow;
            while (!_stop.IsCancellationRequested)
            {
                var active = camera.ActiveStreams;
                var now = DateTime.UtcNow;
                MaxConcurrent = Math.Max(MaxConcurrent, active);
                if (active > 1)
                {
                    OverlapTime += now - last;
                }

                last = now;
                await Task.Delay(5);
            }
        });
    }

    public int MaxConcurrent { get; private set; }

    public TimeSpan OverlapTime { get; private set; }

    public async ValueTask DisposeAsync()
    {
        _stop.Cancel();
        await _sampling;
        _stop.Dispose();
    }
}
