using Microsoft.Extensions.Options;

namespace MjpegGateway.Cluster;

/// <summary>This replica as the others know it: its id and the URL of its relay.</summary>
public sealed class ClusterNode
{
    public ClusterNode(IOptions<ClusterOptions> options)
    {
        var o = options.Value;
        // A random suffix: a pod restarted under the same name must not inherit its predecessor's leases and slots.
        Id = string.IsNullOrEmpty(o.NodeId) ? $"{Environment.MachineName}-{Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(3))}" : o.NodeId;
        Url = string.IsNullOrEmpty(o.NodeUrl) ? null : new Uri(o.NodeUrl);
    }

    /// <summary>Node id, in leases, slots and the admin API.</summary>
    public string Id { get; }

    /// <summary>Where the other replicas reach this one's relay; null without a cluster.</summary>
    public Uri? Url { get; }
}
