using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;

namespace MjpegGateway.CameraSimulator.Auth;

/// <summary>RFC 7617 Basic, as Axis offers it.</summary>
internal sealed class BasicAuthenticator(SimulatedCameraOptions options) : ICameraAuthenticator
{
    public string Scheme => "Basic";

    public string CreateChallenge(bool stale) => $"{Scheme} realm=\"{CameraSimulator.AuthRealm}\"";

    public CredentialVerdict Verify(HttpContext context, string parameters)
    {
        byte[] decoded;
        try
        {
            decoded = Convert.FromBase64String(parameters.Trim());
        }
        catch (FormatException)
        {
            return CredentialVerdict.Reject("Basic credentials are not base64");
        }

        var expected = Encoding.UTF8.GetBytes($"{options.Username}:{options.Password}");
        return CryptographicOperations.FixedTimeEquals(decoded, expected)
            ? CredentialVerdict.Accept()
            : CredentialVerdict.Reject("wrong Basic user name or password");
    }
}
