using Microsoft.Extensions.Primitives;
using Yarp.ReverseProxy.Configuration;

namespace MjpegGateway.Vapix;

/// <summary>One immutable revision of the generated routes and clusters; <see cref="SignalChange"/> tells YARP to fetch the next.</summary>
internal sealed class VapixProxyConfig : IProxyConfig
{
    private readonly CancellationTokenSource _changed = new();

    public VapixProxyConfig(IReadOnlyList<RouteConfig> routes, IReadOnlyList<ClusterConfig> clusters, long revision)
    {
        Routes = routes;
        Clusters = clusters;
        RevisionId = revision.ToString(System.Globalization.CultureInfo.InvariantCulture);
        ChangeToken = new CancellationChangeToken(_changed.Token);
    }

    public IReadOnlyList<RouteConfig> Routes { get; }

    public IReadOnlyList<ClusterConfig> Clusters { get; }

    public string RevisionId { get; }

    public IChangeToken ChangeToken { get; }

    public void SignalChange() => _changed.Cancel();
}
