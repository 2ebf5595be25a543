using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace MjpegGateway.Security;

/// <summary>Signs HS256 tokens with the gateway's own key. Used only by the demo; production tokens come from your identity provider.</summary>
public static class TokenMinter
{
    /// <summary>A token for <paramref name="subject"/> with <paramref name="roles"/> on <paramref name="cameras"/>, valid for <paramref name="lifetime"/>.</summary>
    public static string Mint(AuthOptions auth, string subject, IEnumerable<string> roles, IEnumerable<string> cameras, TimeSpan lifetime, TimeProvider time)
    {
        var key = SecurityServiceCollectionExtensions.SigningKeyBytes(auth) ?? throw new InvalidOperationException("Auth:SigningKey is not set.");
        var now = time.GetUtcNow().UtcDateTime;
        var descriptor = new SecurityTokenDescriptor
        {
            Issuer = auth.Issuer,
            Audience = auth.Audience,
            IssuedAt = now,
            NotBefore = now,
            Expires = now + lifetime,
            SigningCredentials = new SigningCredentials(new SymmetricSecurityKey(key), SecurityAlgorithms.HmacSha256),
            Claims = new Dictionary<string, object>
            {
                [auth.SubjectClaim] = subject,
                [auth.RoleClaim] = roles.ToArray(),
                [auth.CamerasClaim] = cameras.ToArray(),
            },
        };
        return new JsonWebTokenHandler().CreateToken(descriptor);
    }
}
