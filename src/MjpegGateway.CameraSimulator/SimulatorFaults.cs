namespace MjpegGateway.CameraSimulator;

/// <summary>
/// Misbehaviours of real cameras, switchable while the simulator runs. Every switch is thread-safe.
/// Per-frame switches (<see cref="Stall"/>, <see cref="SendGarbage"/>, <see cref="OmitContentLength"/>,
/// <see cref="LfOnly"/>, <see cref="ExifThumbnail"/>) take effect on live streams at the next frame.
/// Layout switches (<see cref="QuoteBoundary"/>, <see cref="DashesInBoundaryParameter"/>, <see cref="BoundaryAfterPart"/>)
/// are read when a stream starts, because flipping them mid-stream yields a byte stream no camera produces.
/// Request switches (<see cref="Offline"/>, <see cref="Hang"/>, <see cref="ForceStatus"/>) apply to the next request.
/// All default to off.
/// </summary>
public sealed class SimulatorFaults
{
    private volatile bool _stall;
    private volatile bool _sendGarbage;
    private volatile bool _omitContentLength;
    private volatile bool _quoteBoundary;
    private volatile bool _dashesInBoundaryParameter;
    private volatile bool _boundaryAfterPart;
    private volatile bool _lfOnly;
    private volatile bool _exifThumbnail;
    private volatile bool _offline;
    private volatile bool _hang;

    // 0 encodes "not forced": no HTTP status is 0, and an int can be read and written atomically.
    private int _forceStatus;

    /// <summary>Live streams keep their connection open but send nothing while set.</summary>
    public bool Stall { get => _stall; set => _stall = value; }

    /// <summary>
    /// Random non-multipart bytes (never containing <c>-</c>, CR or LF, and followed by a line break) are
    /// injected between the end of each JPEG and the next delimiter line.
    /// </summary>
    public bool SendGarbage { get => _sendGarbage; set => _sendGarbage = value; }

    /// <summary>Parts carry no <c>Content-Length</c> header, so a reader must find the next delimiter.</summary>
    public bool OmitContentLength { get => _omitContentLength; set => _omitContentLength = value; }

    /// <summary>The response header reads <c>boundary="myboundary"</c>.</summary>
    public bool QuoteBoundary { get => _quoteBoundary; set => _quoteBoundary = value; }

    /// <summary>
    /// The response header reads <c>boundary=--myboundary</c> while body delimiter lines stay <c>--myboundary</c>,
    /// i.e. the header wrongly includes the leading dashes, as some broken cameras do.
    /// </summary>
    public bool DashesInBoundaryParameter { get => _dashesInBoundaryParameter; set => _dashesInBoundaryParameter = value; }

    /// <summary>
    /// Old ffmpeg mpjpeg layout: the first part starts directly with its headers and every part is followed,
    /// rather than preceded, by <c>\r\n--myboundary\r\n</c>.
    /// </summary>
    public bool BoundaryAfterPart { get => _boundaryAfterPart; set => _boundaryAfterPart = value; }

    /// <summary>Bare <c>\n</c> instead of <c>\r\n</c> in delimiter lines, part headers and after the JPEG.</summary>
    public bool LfOnly { get => _lfOnly; set => _lfOnly = value; }

    /// <summary>
    /// Each JPEG carries an APP1 Exif segment holding a small embedded JPEG thumbnail,
    /// so FF D8 and FF D9 occur inside the frame before its real end.
    /// </summary>
    public bool ExifThumbnail { get => _exifThumbnail; set => _exifThumbnail = value; }

    /// <summary>Every request is answered by aborting the connection (camera gone).</summary>
    public bool Offline { get => _offline; set => _offline = value; }

    /// <summary>Requests never get a response; they are held until the client gives up or the simulator stops.</summary>
    public bool Hang { get => _hang; set => _hang = value; }

    /// <summary><c>video.cgi</c> answers this status (e.g. 503, 404, 403) after authentication; <c>null</c> = normal.</summary>
    public int? ForceStatus
    {
        get
        {
            var status = Volatile.Read(ref _forceStatus);
            return status == 0 ? null : status;
        }
        set => Volatile.Write(ref _forceStatus, value ?? 0);
    }
}
