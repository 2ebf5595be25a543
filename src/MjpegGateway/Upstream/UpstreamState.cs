namespace MjpegGateway.Upstream;

/// <summary>What a camera profile's upstream connection is doing, as operators see it.</summary>
public enum UpstreamState
{
    /// <summary>Not connected because nobody watches (on-demand).</summary>
    Idle,
    /// <summary>Opening the connection.</summary>
    Connecting,
    /// <summary>Frames are flowing.</summary>
    Streaming,
    /// <summary>Lost or failed; waiting to retry.</summary>
    Reconnecting,
    /// <summary>The camera refused our credentials (401/403).</summary>
    Unauthorized,
    /// <summary>The camera has no such stream (404).</summary>
    NotFound,
    /// <summary>The camera is serving all the streams it can (503).</summary>
    Busy,
    /// <summary>Shut down with the gateway or the camera's removal.</summary>
    Stopped,
}

/// <summary>Helpers on <see cref="UpstreamState"/>.</summary>
public static class UpstreamStateExtensions
{
    /// <summary>True for the states in which the camera itself turned the gateway away (401/403, 404, 503).</summary>
    public static bool IsRefusal(this UpstreamState state) =>
        state is UpstreamState.Unauthorized or UpstreamState.NotFound or UpstreamState.Busy;
}
