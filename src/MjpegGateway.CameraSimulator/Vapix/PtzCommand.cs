using System.Globalization;
using Microsoft.AspNetCore.Http;

namespace MjpegGateway.CameraSimulator.Vapix;

/// <summary>One <c>ptz.cgi</c> request, parsed and range-checked the way an Axis camera does.</summary>
internal sealed record PtzCommand
{
    public static readonly IReadOnlySet<string> Moves = new HashSet<string>(StringComparer.Ordinal)
    {
        "home", "up", "down", "left", "right", "upleft", "upright", "downleft", "downright", "stop",
    };

    public static readonly IReadOnlySet<string> Queries = new HashSet<string>(StringComparer.Ordinal) { "position", "limits", "speed" };

    public double? Pan { get; init; }

    public double? Tilt { get; init; }

    public int? Zoom { get; init; }

    public double? RelativePan { get; init; }

    public double? RelativeTilt { get; init; }

    public int? RelativeZoom { get; init; }

    public string? Move { get; init; }

    public (int Pan, int Tilt)? ContinuousPanTilt { get; init; }

    public int? ContinuousZoom { get; init; }

    public int? Speed { get; init; }

    public string? Query { get; init; }

    /// <summary>True when the command moves or configures the head (not a pure query).</summary>
    public bool ChangesHead => Pan is not null || Tilt is not null || Zoom is not null || RelativePan is not null || RelativeTilt is not null
        || RelativeZoom is not null || Move is not null || ContinuousPanTilt is not null || ContinuousZoom is not null || Speed is not null;

    public static bool TryParse(IEnumerable<KeyValuePair<string, Microsoft.Extensions.Primitives.StringValues>> parameters, out PtzCommand command, out string error)
    {
        var parsed = new PtzCommand();
        command = parsed;
        error = string.Empty;
        foreach (var (name, values) in parameters)
        {
            var value = values.ToString();
            var ok = name switch
            {
                "pan" => TryDouble(value, -SimulatedPtz.MaxPan, SimulatedPtz.MaxPan, v => parsed = parsed with { Pan = v }),
                "tilt" => TryDouble(value, -SimulatedPtz.MaxTilt, SimulatedPtz.MaxTilt, v => parsed = parsed with { Tilt = v }),
                "zoom" => TryInt(value, 1, SimulatedPtz.MaxZoom, v => parsed = parsed with { Zoom = v }),
                "rpan" => TryDouble(value, -360, 360, v => parsed = parsed with { RelativePan = v }),
                "rtilt" => TryDouble(value, -360, 360, v => parsed = parsed with { RelativeTilt = v }),
                "rzoom" => TryInt(value, -SimulatedPtz.MaxZoom, SimulatedPtz.MaxZoom, v => parsed = parsed with { RelativeZoom = v }),
                "continuouszoommove" => TryInt(value, -100, 100, v => parsed = parsed with { ContinuousZoom = v }),
                "speed" => TryInt(value, 1, 100, v => parsed = parsed with { Speed = v }),
                "move" => Moves.Contains(value) && Set(() => parsed = parsed with { Move = value }),
                "query" => Queries.Contains(value) && Set(() => parsed = parsed with { Query = value }),
                "continuouspantiltmove" => TryPair(value, v => parsed = parsed with { ContinuousPanTilt = v }),
                "camera" => value == "1",
                _ => false,
            };
            if (!ok)
            {
                error = $"Error: invalid parameter or value '{name}'";
                return false;
            }
        }

        command = parsed;
        return true;
    }

    private static bool Set(Action apply)
    {
        apply();
        return true;
    }

    private static bool TryDouble(string text, double min, double max, Action<double> apply)
    {
        if (double.TryParse(text, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max)
        {
            apply(value);
            return true;
        }

        return false;
    }

    private static bool TryInt(string text, int min, int max, Action<int> apply)
    {
        if (int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max)
        {
            apply(value);
            return true;
        }

        return false;
    }

    private static bool TryPair(string text, Action<(int, int)> apply)
    {
        var comma = text.IndexOf(',', StringComparison.Ordinal);
        int pan = 0, tilt = 0;
        if (comma > 0
            && TryInt(text[..comma], -100, 100, v => pan = v)
            && TryInt(text[(comma + 1)..], -100, 100, v => tilt = v))
        {
            apply((pan, tilt));
            return true;
        }

        return false;
    }
}
