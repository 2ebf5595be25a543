using Microsoft.IdentityModel.Tokens;

namespace MjpegGateway.Security;

/// <summary>
/// A signed, valid token that names no subject (the <c>Auth:SubjectClaim</c> claim is absent or blank). Refused: the
/// per-subject stream caps and rate limits would have nothing to count it under. Its message is the challenge's
/// <c>error_description</c>, so it names the claim and holds nothing from the token.
/// </summary>
public sealed class MissingSubjectClaimException(string claim)
    : SecurityTokenValidationException($"The token has no subject: its '{claim}' claim is missing or blank.")
{
    /// <summary>The claim that was looked for.</summary>
    public string Claim { get; } = claim;
}
