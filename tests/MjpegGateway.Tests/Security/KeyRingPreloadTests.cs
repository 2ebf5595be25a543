using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using MjpegGateway.Security;
using MjpegGateway.Tests.Infrastructure;

namespace MjpegGateway.Tests.Security;

public sealed class KeyRingPreloadTests
{
    [Fact]
    public void The_framework_still_has_the_preload_the_gateway_removes_by_name()
    {
        // Matched by name because it is internal: a rename in a later ASP.NET Core must fail here, not go unnoticed.
        Assert.NotNull(typeof(DataProtectionOptions).Assembly.GetType(KeyRingPreload.HostedServiceTypeName));
    }

    [Fact]
    public async Task The_gateway_starts_without_the_key_ring_preload_and_keeps_data_protection_for_whatever_asks()
    {
        await using var gateway = await TestGateway.StartAsync(new Dictionary<string, string?>());

        var hosted = gateway.Services.GetServices<IHostedService>().Select(s => s.GetType().FullName).ToList();
        Assert.NotEmpty(hosted);
        Assert.DoesNotContain(KeyRingPreload.HostedServiceTypeName, hosted);
        // Data protection itself stays registered for anything that asks.
        Assert.NotNull(gateway.Services.GetService<IDataProtectionProvider>());
    }
}
