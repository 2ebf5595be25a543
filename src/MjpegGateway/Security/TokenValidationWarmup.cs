using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;

namespace MjpegGateway.Security;

/// <summary>
/// Pays token validation's first-use cost before the gateway listens (hosted services start before Kestrel), so the
/// first viewers after a start do not: the JWT library builds its crypto providers, key and handler caches on the
/// first token, ≈ 70 ms on one core, which every viewer arriving meanwhile waits behind (docs/benchmarks.md,
/// issue 10, cold start). With an HS256 key it validates a token it mints itself (no camera rights, one minute);
/// with an authority it fetches the discovery document and keys the first real token would fetch. Switch:
/// <see cref="AuthOptions.WarmUpAtStart"/>.
/// </summary>
internal sealed class TokenValidationWarmup(
    IOptions<AuthOptions> auth, IOptionsMonitor<JwtBearerOptions> jwt, TimeProvider time, ILogger<TokenValidationWarmup> logger) : IHostedService
{
    // A start must never hang on an unreachable identity provider: readiness would never come.
    private static readonly TimeSpan AuthorityTimeout = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan TokenLifetime = TimeSpan.FromMinutes(1);

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var settings = auth.Value;
        if (!settings.WarmUpAtStart)
        {
            return;
        }

        var options = jwt.Get(JwtBearerDefaults.AuthenticationScheme);
        try
        {
            if (SecurityServiceCollectionExtensions.SigningKeyBytes(settings) is not null)
            {
                var token = TokenMinter.Mint(settings, "warm-up", [], [], TokenLifetime, time);
                var handler = options.TokenHandlers.First();
                var result = await handler.ValidateTokenAsync(token, options.TokenValidationParameters);
                SecurityLog.TokenValidationWarmedUp(logger, result.IsValid ? "a self-minted token" : "a self-minted token (rejected: " + result.Exception?.GetType().Name + ")");
            }
            else if (options.ConfigurationManager is { } configuration)
            {
                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                timeout.CancelAfter(AuthorityTimeout);
                await configuration.GetConfigurationAsync(timeout.Token);
                SecurityLog.TokenValidationWarmedUp(logger, "the authority's signing keys");
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException or HttpRequestException or InvalidOperationException or SecurityTokenException)
        {
            // Not fatal: the first real token pays the cost (or reports the authority problem) as before.
            SecurityLog.TokenValidationWarmUpFailed(logger, ex.GetType().Name);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
