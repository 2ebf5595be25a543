using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace MjpegGateway.Bench;

/// <summary>
/// HS256 viewer tokens for the soak, signed with a key made for the run and handed to the gateway as
/// <c>Auth:SigningKey</c>. Written out here (a dozen lines) so the bench does not load the gateway's assembly.
/// </summary>
internal sealed class SoakTokens
{
    private static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(10);
    private static readonly byte[] Header = Encoding.UTF8.GetBytes("""{"alg":"HS256","typ":"JWT"}""");

    private readonly byte[] _key = RandomNumberGenerator.GetBytes(48);

    /// <summary>The gateway setting that makes it accept these tokens.</summary>
    public string GatewaySetting => "Auth:SigningKey=base64:" + Convert.ToBase64String(_key);

    /// <summary>A viewer token for <paramref name="subject"/> on every camera, valid for ten minutes.</summary>
    public string Mint(string subject)
    {
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var payload = JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, object>
        {
            ["iss"] = "mjpeg-gateway",
            ["aud"] = "mjpeg-gateway",
            ["sub"] = subject,
            ["roles"] = new[] { "viewer" },
            ["cameras"] = new[] { "*" },
            ["iat"] = now,
            ["nbf"] = now,
            ["exp"] = now + (long)Lifetime.TotalSeconds,
        });
        var signed = Base64Url.EncodeToString(Header) + "." + Base64Url.EncodeToString(payload);
        var signature = HMACSHA256.HashData(_key, Encoding.ASCII.GetBytes(signed));
        return signed + "." + Base64Url.EncodeToString(signature);
    }
}
