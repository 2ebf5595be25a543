namespace MjpegGateway.CameraSimulator.Auth;

/// <summary>What <see cref="DigestNonce.Validate"/> found.</summary>
internal enum DigestNonceState
{
    /// <summary>Not issued by this simulator, or altered.</summary>
    Invalid,

    /// <summary>Issued by this simulator and within its lifetime.</summary>
    Fresh,

    /// <summary>Issued by this simulator but too old.</summary>
    Expired,
}
