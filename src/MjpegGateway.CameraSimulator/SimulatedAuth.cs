namespace MjpegGateway.CameraSimulator;

/// <summary>Which HTTP authentication scheme the simulated camera demands.</summary>
public enum SimulatedAuth
{
    /// <summary>No credentials required.</summary>
    None,

    /// <summary>RFC 7617 Basic only.</summary>
    Basic,

    /// <summary>RFC 7616 Digest only (MD5 challenge, SHA-256 responses accepted).</summary>
    Digest,

    /// <summary>Both challenges offered, Digest first, as many Axis firmwares do; either credential is accepted.</summary>
    DigestOrBasic,
}
