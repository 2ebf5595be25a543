namespace MjpegGateway.CameraSimulator.Auth;

/// <summary>Outcome of checking one Authorization header.</summary>
/// <param name="Accepted">The credentials are valid.</param>
/// <param name="StaleNonce">Digest credentials were right but the nonce expired: the challenge says <c>stale=true</c>.</param>
/// <param name="Reason">Why, for the log.</param>
internal readonly record struct CredentialVerdict(bool Accepted, bool StaleNonce, string Reason)
{
    public static CredentialVerdict Accept() => new(true, false, "accepted");

    public static CredentialVerdict Reject(string reason) => new(false, false, reason);

    public static CredentialVerdict Stale() => new(false, true, "nonce expired");
}
