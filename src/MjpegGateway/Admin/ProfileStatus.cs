namespace MjpegGateway.Admin;

/// <summary>One profile's upstream and viewers in the admin API.</summary>
/// <param name="Name">Profile name.</param>
/// <param name="State">Upstream state: Idle, Connecting, Streaming, Reconnecting, Unauthorized, NotFound, Busy, Stopped.</param>
/// <param name="Viewers">Viewers attached.</param>
/// <param name="FpsIn">Frames per second from the camera (recent average).</param>
/// <param name="FpsOut">Frames per second written to all viewers together (recent average).</param>
/// <param name="BitrateOut">Bits per second written to all viewers together (recent average).</param>
/// <param name="LastFrameAgeSeconds">Seconds since the camera's last frame; null before the first.</param>
/// <param name="LastError">The last upstream failure in words (never credentials); null while healthy.</param>
/// <param name="Reconnects">Reconnects since the profile started.</param>
/// <param name="Connections">Successful connections since the upstream was created.</param>
/// <param name="FramesReceived">Frames received since the profile started.</param>
public sealed record ProfileStatus(
    string Name, string State, int Viewers, double FpsIn, double FpsOut, double BitrateOut,
    double? LastFrameAgeSeconds, string? LastError, long Reconnects, long Connections, long FramesReceived)
{
    /// <summary>In a cluster: the node that pulls this profile from the camera (null: none now, or no cluster).</summary>
    public string? OwnerNode { get; init; }

    /// <summary>In a cluster: viewers of this profile on each node (null without a cluster).</summary>
    public IReadOnlyDictionary<string, int>? ViewersByNode { get; init; }

    /// <summary>In a cluster: true while this node reads the profile from the owner's relay rather than the camera.</summary>
    public bool? Relayed { get; init; }
}
