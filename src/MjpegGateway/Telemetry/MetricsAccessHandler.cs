using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.Options;
using MjpegGateway.Security;

namespace MjpegGateway.Telemetry;

/// <summary>
/// Lets a scrape through from an allowed network or on the management port without a token, otherwise only with
/// what the admin policy accepts. A failure without a credential becomes 401, with a non-admin credential 403.
/// </summary>
internal sealed class MetricsAccessHandler : AuthorizationHandler<MetricsAccessRequirement>
{
    private readonly NetworkList _networks;
    private readonly int? _managementPort;

    public MetricsAccessHandler(IOptions<TelemetryOptions> options)
    {
        var ignored = new List<string>();
        _networks = NetworkList.Parse(options.Value.MetricsAllowedNetworks, TelemetryOptions.Section, ignored);
        _managementPort = options.Value.ManagementPort;
    }

    protected override async Task HandleRequirementAsync(AuthorizationHandlerContext context, MetricsAccessRequirement requirement)
    {
        if (context.Resource is not HttpContext http)
        {
            return;
        }

        if ((_managementPort is int port && http.Connection.LocalPort == port) || _networks.Contains(http.Connection.RemoteIpAddress))
        {
            context.Succeed(requirement);
            return;
        }

        // Delegated to the admin policy so that "admin" means the same here as on the admin API.
        var authorization = http.RequestServices.GetRequiredService<IAuthorizationService>();
        if ((await authorization.AuthorizeAsync(context.User, GatewayPolicies.Admin).ConfigureAwait(false)).Succeeded)
        {
            context.Succeed(requirement);
        }
    }
}
