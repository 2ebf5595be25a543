namespace MjpegGateway.Cameras;

/// <summary>When the gateway holds a camera's upstream connection open.</summary>
public enum CameraMode
{
    /// <summary>Connect at the first viewer; disconnect after the idle linger once the last one leaves.</summary>
    OnDemand,
    /// <summary>Always connected, so the first viewer gets a picture with no connect delay.</summary>
    AlwaysOn,
}
