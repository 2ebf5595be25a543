using MjpegGateway.Security;

namespace MjpegGateway.Streaming;

/// <summary>What <see cref="StreamAdmission"/> decides on: who wants which camera profile, as a stream or one snapshot.</summary>
/// <param name="Caller">Who asks (for the caps).</param>
/// <param name="CameraId">The camera's id from the URL.</param>
/// <param name="Profile">The <c>profile</c> query value, or null for the camera's default.</param>
/// <param name="Snapshot">One frame rather than a stream: not subject to the drain or the stream caps.</param>
/// <param name="Ticket">The ticket the caller authenticated with (<see cref="PendingTicket"/>), used up only when admitted; null for a token or an anonymous caller.</param>
public readonly record struct StreamRequest(Caller Caller, string CameraId, string? Profile, bool Snapshot = false, string? Ticket = null);
