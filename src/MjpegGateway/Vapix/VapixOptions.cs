namespace MjpegGateway.Vapix;

/// <summary>The VAPIX pass-through (<c>/cameras/{id}/vapix/…</c>), section <c>Vapix</c>. Changes apply without a restart.</summary>
public sealed class VapixOptions
{
    /// <summary>Configuration section name.</summary>
    public const string Section = "Vapix";

    /// <summary>Serve the pass-through. Default true; false answers every <c>/vapix/</c> path with 404.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>
    /// Seconds the camera may stay silent (before its response headers, or between two reads of its body) before the
    /// call ends with 504. Default 10: a snapshot or PTZ command that takes longer is a camera in trouble, and an
    /// operator waiting on a joystick should know.
    /// </summary>
    public double TimeoutSeconds { get; set; } = 10;

    /// <summary>Largest form body of a POST (PTZ commands are a few dozen bytes). Default 4096.</summary>
    public int MaxFormBytes { get; set; } = 4096;
}
