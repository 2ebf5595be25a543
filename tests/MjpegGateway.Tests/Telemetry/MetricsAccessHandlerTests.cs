using System.Net;
using System.Security.Claims;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using MjpegGateway.Security;
using MjpegGateway.Telemetry;

namespace MjpegGateway.Tests.Telemetry;

public sealed class MetricsAccessHandlerTests
{
    private const int ManagementPort = 9090;

    [Theory]
    [InlineData(ManagementPort, "203.0.113.5", false, true)]
    [InlineData(8443, "10.1.2.3", false, true)]
    [InlineData(8443, "203.0.113.5", true, true)]
    [InlineData(8443, "203.0.113.5", false, false)]
    public async Task Scrape_is_allowed_on_the_management_port_from_allowed_networks_or_with_the_admin_role(int localPort, string remote, bool admin, bool allowed)
    {
        var handler = new MetricsAccessHandler(Options.Create(new TelemetryOptions
        {
            ManagementPort = ManagementPort,
            MetricsAllowedNetworks = ["10.0.0.0/8"],
        }));
        var services = new ServiceCollection()
            .AddLogging()
            .AddAuthorization(o => o.AddPolicy(GatewayPolicies.Admin, p => p.RequireRole(GatewayRoles.Admin)))
            .BuildServiceProvider();
        var http = new DefaultHttpContext { RequestServices = services };
        http.Connection.LocalPort = localPort;
        http.Connection.RemoteIpAddress = IPAddress.Parse(remote);
        var user = admin
            ? new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.Role, GatewayRoles.Admin)], "test"))
            : new ClaimsPrincipal(new ClaimsIdentity());
        var requirement = new MetricsAccessRequirement();
        var context = new AuthorizationHandlerContext([requirement], user, http);

        await handler.HandleAsync(context);

        Assert.Equal(allowed, context.HasSucceeded);
    }
}
