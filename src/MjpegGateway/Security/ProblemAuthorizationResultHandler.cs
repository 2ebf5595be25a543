using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;
using MjpegGateway.Http;

namespace MjpegGateway.Security;

/// <summary>Answers 401 and 403 from authorization policies as problem details instead of empty bodies.</summary>
internal sealed class ProblemAuthorizationResultHandler : IAuthorizationMiddlewareResultHandler
{
    private readonly AuthorizationMiddlewareResultHandler _default = new();

    public async Task HandleAsync(RequestDelegate next, HttpContext context, AuthorizationPolicy policy, PolicyAuthorizationResult authorizeResult)
    {
        if (authorizeResult.Challenged)
        {
            await BearerChallengeResult.Instance.ExecuteAsync(context);
            return;
        }

        if (authorizeResult.Forbidden)
        {
            await Problems.Forbidden("Your token does not grant this.").ExecuteAsync(context);
            return;
        }

        await _default.HandleAsync(next, context, policy, authorizeResult);
    }
}
