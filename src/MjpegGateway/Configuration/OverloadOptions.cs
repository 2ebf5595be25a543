namespace MjpegGateway.Configuration;

/// <summary>
/// When the gateway counts as overloaded and what it does then, section <c>Gateway:Overload</c>. The signal is camera
/// frames skipped: a frame that arrived while the previous one was still being handed to the viewers, and was
/// overtaken by the next before its turn, so every viewer of that camera lost it (<c>mjpeg.upstream.frames.skipped</c>).
/// That happens when the gateway's CPU cannot keep up with its cameras and viewers; more viewers would make every
/// viewer's frame rate worse.
/// </summary>
public sealed class OverloadOptions
{
    /// <summary>
    /// While overloaded, refuse new streams with 503 and <c>Retry-After</c> (reason <c>overload</c>), so the viewers
    /// already watching keep what frame rate the CPU gives them and a client can retry later or on another replica.
    /// Snapshots, running streams and cluster relays are not affected. Default false: a single gateway admits the new
    /// viewer, and every viewer's frame rate degrades a little more (at 1000 HTTPS viewers on one core, joins got
    /// their first frame in 34 ms while 20 % of frames were skipped: docs/benchmarks.md, issue 10, twelfth pass),
    /// which is better for that viewer than no picture. Behind a load balancer with other replicas, turn it on: the
    /// refused viewer retries, and may land on a replica with room (deploy/kubernetes does).
    /// </summary>
    public bool ShedNewStreams { get; set; }

    /// <summary>The recent seconds looked at, 1 to 60. Default 5.</summary>
    public int WindowSeconds { get; set; } = 5;

    /// <summary>
    /// Overloaded while frames were skipped in at least this many of the last <see cref="WindowSeconds"/> seconds
    /// (1 to <see cref="WindowSeconds"/>). Default 3: a single second of skips, such as a camera whose frames arrive in a
    /// burst after a network hiccup, is not overload; and the state ends once skips have stopped for a few seconds.
    /// </summary>
    public int SkippingSeconds { get; set; } = 3;
}
