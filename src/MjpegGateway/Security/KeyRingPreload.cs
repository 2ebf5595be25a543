namespace MjpegGateway.Security;

/// <summary>
/// Keeps ASP.NET Core's data protection from loading its key ring at start. <c>AddAuthentication</c> registers data
/// protection, whose hosted service reads (and on a first start creates and writes) the XML key ring before the first
/// request. The gateway protects nothing with it: tokens are JWTs and stream tickets are random ids in
/// <see cref="IStreamTicketStore"/>. Loading it mapped most of the XML stack: <c>System.Private.Xml</c> fell from 2.8 to
/// 1.3 MB of the idle RSS without it (docs/benchmarks.md, issue 10). Should anything ever ask for a protector, the key
/// ring still loads then.
/// </summary>
internal static class KeyRingPreload
{
    /// <summary>The framework's internal hosted service, matched by name: it is not public.</summary>
    public const string HostedServiceTypeName = "Microsoft.AspNetCore.DataProtection.Internal.DataProtectionHostedService";

    /// <summary>Removes the key-ring preload registered by data protection, if any.</summary>
    public static IServiceCollection RemoveKeyRingPreload(this IServiceCollection services)
    {
        for (var i = services.Count - 1; i >= 0; i--)
        {
            if (services[i].ServiceType == typeof(IHostedService) && services[i].ImplementationType?.FullName == HostedServiceTypeName)
            {
                services.RemoveAt(i);
            }
        }

        return services;
    }
}
