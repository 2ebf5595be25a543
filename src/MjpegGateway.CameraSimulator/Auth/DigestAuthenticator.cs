using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace MjpegGateway.CameraSimulator.Auth;

/// <summary>
/// RFC 7616 Digest as Axis uses it: an MD5 challenge with <c>qop="auth"</c>. Responses computed with MD5, MD5-sess,
/// SHA-256 or SHA-256-sess are all accepted. Nonce counts are not tracked (nonces are stateless), so a replay
/// within the nonce lifetime is accepted, as on many cameras.
/// </summary>
internal sealed class DigestAuthenticator(SimulatedCameraOptions options, DigestNonce nonces) : ICameraAuthenticator
{
    private const string QopAuth = "auth";
    private const string Md5 = "MD5";
    private const string Sha256 = "SHA-256";
    private const string SessionSuffix = "-sess";
    private const int NonceCountLength = 8;

    public string Scheme => "Digest";

    public string CreateChallenge(bool stale)
    {
        var challenge = $"{Scheme} realm=\"{CameraSimulator.AuthRealm}\", nonce=\"{nonces.Issue()}\", algorithm={Md5}, qop=\"{QopAuth}\"";
        return stale ? challenge + ", stale=true" : challenge;
    }

    public CredentialVerdict Verify(HttpContext context, string parameters)
    {
        if (!AuthParameters.TryParse(parameters, out var values))
        {
            return CredentialVerdict.Reject("malformed Digest parameters");
        }

        string Get(string name) => values.TryGetValue(name, out var value) ? value : string.Empty;

        var algorithm = values.TryGetValue("algorithm", out var named) ? named : Md5;
        var session = algorithm.EndsWith(SessionSuffix, StringComparison.OrdinalIgnoreCase);
        var hashName = session ? algorithm[..^SessionSuffix.Length] : algorithm;
        if (!hashName.Equals(Md5, StringComparison.OrdinalIgnoreCase) && !hashName.Equals(Sha256, StringComparison.OrdinalIgnoreCase))
        {
            return CredentialVerdict.Reject($"unsupported algorithm '{algorithm}'");
        }

        var username = Get("username");
        var realm = Get("realm");
        var nonce = Get("nonce");
        var uri = Get("uri");
        var qop = Get("qop");
        var nonceCount = Get("nc");
        var clientNonce = Get("cnonce");
        var response = Get("response");

        if (!string.Equals(username, options.Username, StringComparison.Ordinal))
        {
            return CredentialVerdict.Reject($"unknown user '{username}'");
        }

        if (!string.Equals(realm, CameraSimulator.AuthRealm, StringComparison.Ordinal))
        {
            return CredentialVerdict.Reject($"wrong realm '{realm}'");
        }

        if (!IsRequestTarget(context, uri))
        {
            return CredentialVerdict.Reject($"uri '{uri}' does not match the request target");
        }

        if (!string.Equals(qop, QopAuth, StringComparison.Ordinal))
        {
            return CredentialVerdict.Reject($"qop '{qop}' is not '{QopAuth}'");
        }

        if (nonceCount.Length != NonceCountLength || !nonceCount.All(char.IsAsciiHexDigit))
        {
            return CredentialVerdict.Reject($"nc '{nonceCount}' is not {NonceCountLength} hex digits");
        }

        if (clientNonce.Length == 0)
        {
            return CredentialVerdict.Reject("cnonce missing");
        }

        var nonceState = nonces.Validate(nonce);
        if (nonceState == DigestNonceState.Invalid)
        {
            return CredentialVerdict.Reject("nonce not issued by this camera");
        }

        var hash = hashName.Equals(Md5, StringComparison.OrdinalIgnoreCase) ? (Func<string, string>)HashMd5 : HashSha256;
        var ha1 = hash($"{username}:{realm}:{options.Password}");
        if (session)
        {
            ha1 = hash($"{ha1}:{nonce}:{clientNonce}");
        }

        var ha2 = hash($"{context.Request.Method}:{uri}");
        var expected = hash($"{ha1}:{nonce}:{nonceCount}:{clientNonce}:{qop}:{ha2}");
        if (!CryptographicOperations.FixedTimeEquals(
            Encoding.ASCII.GetBytes(expected),
            Encoding.ASCII.GetBytes(response.ToLowerInvariant())))
        {
            return CredentialVerdict.Reject("wrong Digest response (user name or password)");
        }

        // RFC 7616: stale only when the response was right for the old nonce, so the client retries silently.
        return nonceState == DigestNonceState.Expired ? CredentialVerdict.Stale() : CredentialVerdict.Accept();
    }

    private static bool IsRequestTarget(HttpContext context, string uri)
    {
        var rawTarget = context.Features.Get<IHttpRequestFeature>()?.RawTarget;
        return string.Equals(uri, rawTarget, StringComparison.Ordinal)
            || string.Equals(uri, context.Request.Path + context.Request.QueryString, StringComparison.Ordinal);
    }

    private static string HashMd5(string input) => Convert.ToHexStringLower(MD5.HashData(Encoding.UTF8.GetBytes(input)));

    private static string HashSha256(string input) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(input)));
}
