namespace MjpegGateway.Admin;

/// <summary>One connected viewer in the admin API.</summary>
/// <param name="SessionId">Key for <c>DELETE /api/viewers/{sessionId}</c>.</param>
/// <param name="Profile">Profile watched.</param>
/// <param name="Subject">Token subject, or <c>anonymous</c> on a public camera.</param>
/// <param name="RemoteAddress">Client address.</param>
/// <param name="StartedAt">When the stream was admitted.</param>
/// <param name="FramesSent">Frames written.</param>
/// <param name="FramesDropped">Frames lost because the viewer was slower than the camera.</param>
/// <param name="FramesSkipped">Frames skipped for the viewer's fps cap.</param>
/// <param name="BytesSent">Bytes written.</param>
/// <param name="LagMilliseconds">Delivery latency of the last frame written (camera arrival to write done).</param>
/// <param name="MaxFps">The viewer's fps cap, if any.</param>
/// <param name="WritePath">How frames reach the connection: <c>ZeroCopy</c> (plain HTTP/1.1) or <c>ResponsePipe</c>.</param>
public sealed record ViewerStatus(
    string SessionId, string Profile, string Subject, string RemoteAddress, DateTimeOffset StartedAt,
    long FramesSent, long FramesDropped, long FramesSkipped, long BytesSent, double LagMilliseconds, double? MaxFps, string WritePath);
