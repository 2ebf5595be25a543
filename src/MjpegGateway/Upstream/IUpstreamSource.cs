namespace MjpegGateway.Upstream;

/// <summary>
/// Decides where one camera profile's upstream connects, before every connection attempt: in one process always the camera;
/// in a cluster the camera when this node holds the profile's owner lease, otherwise the owner's relay.
/// </summary>
public interface IUpstreamSource
{
    /// <summary>The target of the next connection attempt.</summary>
    ValueTask<UpstreamTarget> NextAsync(CancellationToken cancellationToken);

    /// <summary>The upstream stopped (idle, replaced, shut down): give back whatever was held for it.</summary>
    ValueTask StoppedAsync();
}
