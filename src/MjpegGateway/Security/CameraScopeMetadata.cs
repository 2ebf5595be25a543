namespace MjpegGateway.Security;

/// <summary>
/// Endpoint metadata saying how a camera endpoint is guarded, set where the endpoint is mapped. The access decision
/// (<see cref="CameraAccessDecision"/>) and the choice of the ticket scheme read it; nothing reads the path.
/// An endpoint without it is treated as <see cref="TokenOnly"/> (fail closed).
/// </summary>
/// <param name="AcceptsTickets">A single-use <c>?ticket=</c> opens it (an <c>&lt;img&gt;</c> cannot send a header).</param>
/// <param name="AllowsPublic">A camera marked <c>Public</c> needs no credential here.</param>
public sealed record CameraScopeMetadata(bool AcceptsTickets, bool AllowsPublic)
{
    /// <summary>Watching: streams and snapshots. A ticket opens them, and a public camera needs no credential.</summary>
    public static readonly CameraScopeMetadata Viewing = new(AcceptsTickets: true, AllowsPublic: true);

    /// <summary>Issuing tickets and the VAPIX pass-through: a bearer token only, even for a public camera.</summary>
    public static readonly CameraScopeMetadata TokenOnly = new(AcceptsTickets: false, AllowsPublic: false);
}
