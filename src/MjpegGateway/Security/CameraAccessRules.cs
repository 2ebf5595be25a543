namespace MjpegGateway.Security;

/// <summary>What a camera's settings say about who may use it: all the access decision needs of a camera.</summary>
/// <param name="CameraId">The id the caller's rights (the cameras claim) must cover.</param>
/// <param name="Public">Viewable without a credential where the endpoint allows it.</param>
/// <param name="AllowedNetworks">Client networks allowed; empty means no extra restriction.</param>
public readonly record struct CameraAccessRules(string CameraId, bool Public, NetworkList AllowedNetworks);
