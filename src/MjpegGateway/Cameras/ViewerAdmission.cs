namespace MjpegGateway.Cameras;

/// <summary>Why a stream was not admitted.</summary>
public enum AdmissionRejection
{
    /// <summary>Admitted.</summary>
    None,
    /// <summary>The camera has its maximum number of viewers.</summary>
    CameraFull,
    /// <summary>The gateway has its maximum number of viewers.</summary>
    GatewayFull,
}

/// <summary>A reserved viewer slot (dispose to free it) or the reason there was none.</summary>
public sealed class ViewerAdmission : IDisposable
{
    private Action? _release;

    private ViewerAdmission(AdmissionRejection rejection, Action? release)
    {
        Rejection = rejection;
        _release = release;
    }

    /// <summary>None when admitted.</summary>
    public AdmissionRejection Rejection { get; }

    /// <summary>True when a slot was reserved.</summary>
    public bool IsAdmitted => Rejection == AdmissionRejection.None;

    internal static ViewerAdmission Admitted(Action release) => new(AdmissionRejection.None, release);

    internal static ViewerAdmission Rejected(AdmissionRejection reason) => new(reason, null);

    /// <summary>Frees the slot, once.</summary>
    public void Dispose() => Interlocked.Exchange(ref _release, null)?.Invoke();
}
