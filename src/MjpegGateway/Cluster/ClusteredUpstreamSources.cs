using Microsoft.Extensions.Options;
using MjpegGateway.Upstream;

namespace MjpegGateway.Cluster;

/// <summary>Gives every upstream a <see cref="ClusteredUpstreamSource"/>: the camera under the owner lease, else the owner's relay.</summary>
internal sealed class ClusteredUpstreamSources(
    ClusterRedis redis, ClusterNode node, OwnedFeeds owned, RelayClient relay, IOptions<ClusterOptions> options, ClusterMetrics metrics,
    TimeProvider time, ILogger<CameraLease> logger) : IUpstreamSources
{
    public IUpstreamSource For(string cameraId, string profile, Uri url, HttpMessageInvoker http)
    {
        var lease = new CameraLease(redis, $"{cameraId}/{profile}", node.Id, TimeSpan.FromSeconds(options.Value.LeaseSeconds), time, metrics, logger);
        return new ClusteredUpstreamSource(url, http, cameraId, profile, lease, owned, redis, node, relay, metrics);
    }
}
