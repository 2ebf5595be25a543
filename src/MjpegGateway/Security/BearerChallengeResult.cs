using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.JwtBearer;

namespace MjpegGateway.Security;

/// <summary>
/// The gateway's 401: JwtBearer writes the challenge, then a problem-details body follows. A token refused for a reason
/// the gateway states (a missing subject, <see cref="MissingSubjectClaimException"/>) gets <c>error="invalid_token"</c>
/// and that reason as <c>error_description</c> (RFC 6750 §3.1), set in the JwtBearer events; any other failure gets the
/// plain <c>Bearer</c> challenge, since the library's own details stay off (<c>IncludeErrorDetails</c>).
/// </summary>
internal sealed class BearerChallengeResult : IResult, IStatusCodeHttpResult
{
    /// <summary>The one instance: it holds no state.</summary>
    public static readonly BearerChallengeResult Instance = new();

    private const string DefaultDetail = "A valid bearer token or stream ticket is required.";

    private BearerChallengeResult()
    {
    }

    /// <inheritdoc />
    public int? StatusCode => StatusCodes.Status401Unauthorized;

    /// <inheritdoc />
    public async Task ExecuteAsync(HttpContext context)
    {
        // The scheme's result is kept for the request: this reads it, it does not validate the token again.
        var failure = (await context.AuthenticateAsync(JwtBearerDefaults.AuthenticationScheme)).Failure;
        await context.ChallengeAsync(JwtBearerDefaults.AuthenticationScheme);
        var detail = failure is MissingSubjectClaimException missing ? missing.Message : DefaultDetail;
        await Results.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "Unauthorized", detail: detail).ExecuteAsync(context);
    }
}
