namespace MjpegGateway.CameraSimulator.Vapix;

/// <summary>
/// The simulated pan/tilt/zoom head: where <c>ptz.cgi</c> has moved it. Thread-safe; tests read it to see that a
/// command reached the camera. Survives <see cref="CameraSimulator.RestartAsync"/>, like a real head keeps its position.
/// </summary>
public sealed class SimulatedPtz
{
    /// <summary>Pan range in degrees, like an Axis dome: -180..180.</summary>
    public const double MaxPan = 180;

    /// <summary>Tilt range in degrees: -90 (straight down)..90.</summary>
    public const double MaxTilt = 90;

    /// <summary>Zoom range in Axis units: 1 (widest)..9999.</summary>
    public const int MaxZoom = 9999;

    /// <summary>Degrees one <c>move=up|down|left|right</c> step turns.</summary>
    public const double MoveStep = 5;

    private readonly Lock _gate = new();
    private double _pan;
    private double _tilt;
    private int _zoom = 1;
    private int _panSpeed;
    private int _tiltSpeed;
    private int _zoomSpeed;
    private int _speed = 100;
    private long _commands;

    /// <summary>Pan in degrees.</summary>
    public double Pan { get { lock (_gate) { return _pan; } } }

    /// <summary>Tilt in degrees.</summary>
    public double Tilt { get { lock (_gate) { return _tilt; } } }

    /// <summary>Zoom, 1..<see cref="MaxZoom"/>.</summary>
    public int Zoom { get { lock (_gate) { return _zoom; } } }

    /// <summary>Continuous pan speed set by <c>continuouspantiltmove</c>, -100..100 (0 = still).</summary>
    public int PanSpeed { get { lock (_gate) { return _panSpeed; } } }

    /// <summary>Continuous tilt speed set by <c>continuouspantiltmove</c>, -100..100.</summary>
    public int TiltSpeed { get { lock (_gate) { return _tiltSpeed; } } }

    /// <summary>Continuous zoom speed set by <c>continuouszoommove</c>, -100..100.</summary>
    public int ZoomSpeed { get { lock (_gate) { return _zoomSpeed; } } }

    /// <summary>Movement speed set by <c>speed</c>, 1..100.</summary>
    public int Speed { get { lock (_gate) { return _speed; } } }

    /// <summary>Commands that changed the head since creation.</summary>
    public long Commands => Interlocked.Read(ref _commands);

    internal void Apply(PtzCommand command)
    {
        lock (_gate)
        {
            if (command.Move is { } move)
            {
                ApplyMove(move);
            }

            _pan = WrapPan((command.Pan ?? _pan) + (command.RelativePan ?? 0));
            _tilt = Math.Clamp((command.Tilt ?? _tilt) + (command.RelativeTilt ?? 0), -MaxTilt, MaxTilt);
            _zoom = Math.Clamp((command.Zoom ?? _zoom) + (command.RelativeZoom ?? 0), 1, MaxZoom);
            if (command.ContinuousPanTilt is { } panTilt)
            {
                (_panSpeed, _tiltSpeed) = panTilt;
            }

            _zoomSpeed = command.ContinuousZoom ?? _zoomSpeed;
            _speed = command.Speed ?? _speed;
        }

        Interlocked.Increment(ref _commands);
    }

    private void ApplyMove(string move)
    {
        switch (move)
        {
            case "home":
                (_pan, _tilt, _zoom) = (0, 0, 1);
                break;
            case "stop":
                (_panSpeed, _tiltSpeed, _zoomSpeed) = (0, 0, 0);
                break;
            default:
                _tilt += move.StartsWith("up", StringComparison.Ordinal) ? MoveStep : move.StartsWith("down", StringComparison.Ordinal) ? -MoveStep : 0;
                _pan += move.EndsWith("left", StringComparison.Ordinal) ? -MoveStep : move.EndsWith("right", StringComparison.Ordinal) ? MoveStep : 0;
                break;
        }
    }

    // A dome turns endlessly: 190° is -170°.
    private static double WrapPan(double pan)
    {
        var wrapped = ((pan + MaxPan) % (2 * MaxPan) + 2 * MaxPan) % (2 * MaxPan) - MaxPan;
        return wrapped == -MaxPan && pan > 0 ? MaxPan : wrapped;
    }
}
