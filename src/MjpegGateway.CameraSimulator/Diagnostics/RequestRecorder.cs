namespace MjpegGateway.CameraSimulator.Diagnostics;

/// <summary>
/// Records one request exactly once, at the moment its outcome is known: when the response starts, or when a fault
/// decides there will be none. Stored as a request feature so later middleware can record early.
/// </summary>
internal sealed class RequestRecorder(RecordedRequest pending, RequestLog log)
{
    private int _recorded;

    public void Record(int status)
    {
        if (Interlocked.Exchange(ref _recorded, 1) == 0)
        {
            log.Add(pending with { Status = status });
        }
    }
}
