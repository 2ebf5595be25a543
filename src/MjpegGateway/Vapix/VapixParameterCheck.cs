namespace MjpegGateway.Vapix;

/// <summary>What a parameter rule says about one value.</summary>
internal enum VapixParameterCheck
{
    /// <summary>Valid; forwarded in its canonical form.</summary>
    Valid,

    /// <summary>Malformed or out of range: 400.</summary>
    Invalid,

    /// <summary>Well-formed but an operation the gateway never allows (e.g. <c>param.cgi?action=update</c>): 403.</summary>
    Forbidden,
}
