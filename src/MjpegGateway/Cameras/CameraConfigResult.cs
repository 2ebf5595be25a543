namespace MjpegGateway.Cameras;

/// <summary>Cameras that passed validation and the ones that did not, with why.</summary>
public sealed record CameraConfigResult(IReadOnlyList<Camera> Cameras, IReadOnlyList<CameraConfigError> Errors);

/// <summary>Why one camera was left out; every message names the configuration key.</summary>
public sealed record CameraConfigError(string CameraId, IReadOnlyList<string> Problems);
