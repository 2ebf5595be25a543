using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace MjpegGateway.Tests.Infrastructure;

/// <summary>Mints HS256 tokens the way an identity provider would, independently of the gateway's code.</summary>
public sealed class TestTokens(byte[] key)
{
    public const string Issuer = "mjpeg-gateway";
    public const string Audience = "mjpeg-gateway";

    public byte[] Key { get; } = key;

    public string Admin(TimeSpan? lifetime = null) => Create("test-admin", ["admin"], ["*"], lifetime);

    public string Viewer(string subject, params string[] cameras) => Create(subject, ["viewer"], cameras);

    /// <summary>A token; <paramref name="subject"/> null leaves the subject claim out, <paramref name="subjectClaim"/> names it.</summary>
    public string Create(
        string? subject,
        string[] roles,
        string[] cameras,
        TimeSpan? lifetime = null,
        string issuer = Issuer,
        string audience = Audience,
        byte[]? signingKey = null,
        DateTime? notBefore = null,
        string subjectClaim = "sub")
    {
        var now = DateTime.UtcNow;
        var expires = now + (lifetime ?? TimeSpan.FromHours(1));
        var descriptor = new SecurityTokenDescriptor
        {
            Issuer = issuer,
            Audience = audience,
            IssuedAt = notBefore ?? (expires < now ? expires.AddMinutes(-1) : now),
            NotBefore = notBefore ?? (expires < now ? expires.AddMinutes(-1) : now),
            Expires = expires,
            SigningCredentials = new SigningCredentials(new SymmetricSecurityKey(signingKey ?? Key), SecurityAlgorithms.HmacSha256),
            Claims = new Dictionary<string, object>
            {
                ["roles"] = roles,
                ["cameras"] = cameras,
            },
        };
        if (subject is not null)
        {
            descriptor.Claims[subjectClaim] = subject;
        }

        return new JsonWebTokenHandler().CreateToken(descriptor);
    }
}
