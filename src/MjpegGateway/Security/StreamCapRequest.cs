namespace MjpegGateway.Security;

/// <summary>Who wants a stream of which camera, and that camera's viewer limit (<c>Cameras:{id}:MaxViewers</c>).</summary>
public readonly record struct StreamCapRequest(string? Subject, string ClientIp, string CameraId, int CameraMaxViewers);
