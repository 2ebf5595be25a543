using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace MjpegGateway.Bench;

/// <summary>
/// Tokens for <c>--jwt</c>: a random HS256 key made for the run (handed to the gateway as <c>Auth__SigningKey</c>)
/// and one viewer token for the bench camera, with the gateway's default issuer, audience and claim names.
/// </summary>
internal sealed class BenchJwt
{
    // The gateway's defaults (Auth:Issuer, Auth:Audience).
    private const string Issuer = "mjpeg-gateway";
    private const string Audience = "mjpeg-gateway";
    private const int KeyBytes = 32;
    private static readonly TimeSpan Lifetime = TimeSpan.FromHours(2);

    public BenchJwt(string cameraId)
    {
        var key = RandomNumberGenerator.GetBytes(KeyBytes);
        SigningKey = "base64:" + Convert.ToBase64String(key);
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var header = Base64Url("""{"alg":"HS256","typ":"JWT"}"""u8);
        var payload = Base64Url(JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, object>
        {
            ["iss"] = Issuer,
            ["aud"] = Audience,
            ["sub"] = "bench-viewer",
            ["roles"] = new[] { "viewer" },
            ["cameras"] = new[] { cameraId },
            ["iat"] = now,
            ["nbf"] = now,
            ["exp"] = now + (long)Lifetime.TotalSeconds,
        }));
        var signature = Base64Url(HMACSHA256.HashData(key, Encoding.ASCII.GetBytes(header + "." + payload)));
        Token = header + "." + payload + "." + signature;
    }

    /// <summary><c>Auth:SigningKey</c> for the gateway; a secret of this run only.</summary>
    public string SigningKey { get; }

    /// <summary>The bearer token every viewer sends.</summary>
    public string Token { get; }

    private static string Base64Url(ReadOnlySpan<byte> bytes) => System.Buffers.Text.Base64Url.EncodeToString(bytes);
}
