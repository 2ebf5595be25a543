using Microsoft.Extensions.Options;
using MjpegGateway.Cameras;
using MjpegGateway.Upstream;

namespace MjpegGateway.Cluster;

/// <summary>Gives every upstream a <see cref="ClusteredUpstreamSource"/>: the camera under the owner lease, else the owner's relay.</summary>
internal sealed class ClusteredUpstreamSources(
    ClusterRedis redis, ClusterNode node, OwnedFeeds owned, RelayClient relay, IOptions<ClusterOptions> options, ClusterMetrics metrics,
    TimeProvider time, ILogger<CameraLease> logger) : IUpstreamSources
{
    public IUpstreamSource For(Camera camera, string profile, HttpMessageInvoker http)
    {
        var lease = new CameraLease(redis, $"{camera.Id}/{profile}", node.Id, TimeSpan.FromSeconds(options.Value.LeaseSeconds), time, metrics, logger);
        return new ClusteredUpstreamSource(camera.Profiles[profile], http, camera.Id, profile, lease, owned, redis, node, relay, metrics);
    }
}
