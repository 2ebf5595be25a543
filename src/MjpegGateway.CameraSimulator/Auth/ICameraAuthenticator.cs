using Microsoft.AspNetCore.Http;

namespace MjpegGateway.CameraSimulator.Auth;

/// <summary>One HTTP authentication scheme the camera can offer and check.</summary>
internal interface ICameraAuthenticator
{
    /// <summary>Scheme name as it appears in headers, e.g. <c>Digest</c>.</summary>
    string Scheme { get; }

    /// <summary>The value of one <c>WWW-Authenticate</c> header.</summary>
    string CreateChallenge(bool stale);

    /// <summary>Checks the part of the Authorization header after the scheme name.</summary>
    CredentialVerdict Verify(HttpContext context, string parameters);
}
