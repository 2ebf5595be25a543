using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Net.Http.Headers;
using MjpegGateway.CameraSimulator.Diagnostics;
using MjpegGateway.CameraSimulator.Hosting;

namespace MjpegGateway.CameraSimulator.Auth;

/// <summary>
/// Demands credentials on every endpoint when <see cref="SimulatedCameraOptions.Auth"/> is set, answering 401 with
/// one <c>WWW-Authenticate</c> header per offered scheme (Digest first, as Axis does).
/// </summary>
internal sealed class CameraAuthenticationMiddleware(
    RequestDelegate next,
    SimulatedCameraOptions options,
    BasicAuthenticator basic,
    DigestAuthenticator digest,
    ILoggerFactory loggerFactory)
{
    private const string UnauthorizedMessage = "401 Unauthorized";

    private readonly ILogger _logger = loggerFactory.CreateLogger(SimulatorLog.Category);

    public async Task InvokeAsync(HttpContext context)
    {
        ICameraAuthenticator[] offered = options.Auth switch
        {
            SimulatedAuth.Basic => [basic],
            SimulatedAuth.Digest => [digest],
            SimulatedAuth.DigestOrBasic => [digest, basic],
            _ => [],
        };

        if (offered.Length == 0)
        {
            await next(context);
            return;
        }

        var verdict = Check(context.Request.Headers.Authorization.ToString(), offered, context);
        if (verdict.Accepted)
        {
            await next(context);
            return;
        }

        _logger.AuthenticationFailed(context.Request.Path, verdict.Reason);
        var response = context.Response;
        foreach (var authenticator in offered)
        {
            response.Headers.Append(HeaderNames.WWWAuthenticate, authenticator.CreateChallenge(verdict.StaleNonce));
        }

        await CameraTextResponse.WriteAsync(response, StatusCodes.Status401Unauthorized, UnauthorizedMessage);
    }

    private static CredentialVerdict Check(string authorization, ICameraAuthenticator[] offered, HttpContext context)
    {
        if (string.IsNullOrWhiteSpace(authorization))
        {
            return CredentialVerdict.Reject("no credentials");
        }

        var separator = authorization.IndexOf(' ');
        var scheme = separator < 0 ? authorization : authorization[..separator];
        foreach (var authenticator in offered)
        {
            if (scheme.Equals(authenticator.Scheme, StringComparison.OrdinalIgnoreCase))
            {
                return authenticator.Verify(context, separator < 0 ? string.Empty : authorization[(separator + 1)..]);
            }
        }

        return CredentialVerdict.Reject($"scheme '{scheme}' not offered");
    }
}
