namespace Mjpeg.Fanout;

/// <summary>Why a viewer's stream ended.</summary>
public enum ViewerEndReason
{
    /// <summary>Still running.</summary>
    None,
    /// <summary>The client closed the connection or the request was aborted.</summary>
    ClientGone,
    /// <summary>Writes made no progress for the stall timeout.</summary>
    Stalled,
    /// <summary>The hub was closed (camera removed, gateway shutting down).</summary>
    HubClosed,
    /// <summary>Ended on purpose by the gateway (token expiry, admin kick, maximum duration).</summary>
    Ended,
}
