using Mjpeg.Frames;

namespace Mjpeg.Fanout;

/// <summary>
/// Where a viewer's writer loop puts its parts: the viewer's response. <see cref="PipeViewerOutput"/> writes through the
/// server's response pipe; a host may offer a cheaper path for some connections.
/// </summary>
/// <remarks>
/// Every implementation keeps the writer loop's guarantees: one write at a time, each part written whole or the
/// connection dropped (never a torn part on a connection that stays open), and a write that waits while the client does
/// not read, so that the loop's stall clock sees it.
/// </remarks>
public abstract class ViewerOutput
{
    /// <summary>Writes the first bytes of the response body (the first delimiter line). False: the client is gone.</summary>
    public abstract ValueTask<bool> WritePreambleAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Writes one frame's part. False: the client is gone. <paramref name="cancellationToken"/> fires only when the
    /// viewer stalled or the request was aborted; the connection is then dropped, so a part cut short never shows.
    /// </summary>
    public abstract ValueTask<bool> WriteAsync(Frame frame, CancellationToken cancellationToken);
}
