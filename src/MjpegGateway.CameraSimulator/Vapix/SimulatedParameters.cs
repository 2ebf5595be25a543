namespace MjpegGateway.CameraSimulator.Vapix;

/// <summary>
/// The camera's parameter tree as <c>param.cgi</c> serves it: Axis-like <c>root.Group.Name=value</c> entries.
/// Thread-safe; an <c>action=update</c> changes it, so a test can tell whether an update ever reached the camera.
/// </summary>
public sealed class SimulatedParameters
{
    private readonly Lock _gate = new();
    private readonly SortedDictionary<string, string> _values = new(StringComparer.Ordinal)
    {
        ["root.Brand.Brand"] = "AXIS",
        ["root.Brand.ProdFullName"] = "AXIS Q6075-E PTZ Network Camera (simulated)",
        ["root.Brand.ProdNbr"] = "Q6075-E",
        ["root.Brand.ProdShortName"] = "AXIS Q6075-E",
        ["root.Brand.ProdType"] = "PTZ Network Camera",
        ["root.Image.I0.Appearance.Compression"] = "30",
        ["root.Image.I0.Appearance.Resolution"] = "640x360",
        ["root.Network.HostName"] = "axis-accc8e000000",
        ["root.Properties.API.HTTP.Version"] = "3",
        ["root.Properties.Firmware.Version"] = "10.12.114",
        ["root.Properties.Image.Resolution"] = "3840x2160,1920x1080,1280x720,640x360,320x180",
        ["root.Properties.PTZ.PTZ"] = "yes",
        ["root.Properties.System.SerialNumber"] = "ACCC8E000000",
        ["root.PTZ.Limit.L1.MaxPan"] = "180",
        ["root.PTZ.Limit.L1.MinPan"] = "-180",
        ["root.PTZ.Limit.L1.MaxTilt"] = "90",
        ["root.PTZ.Limit.L1.MinTilt"] = "-90",
        ["root.PTZ.Limit.L1.MaxZoom"] = "9999",
        ["root.PTZ.Limit.L1.MinZoom"] = "1",
    };

    /// <summary>The current value of <paramref name="name"/> (with or without the <c>root.</c> prefix), or null.</summary>
    public string? this[string name]
    {
        get
        {
            lock (_gate)
            {
                return _values.TryGetValue(Rooted(name), out var value) ? value : null;
            }
        }
    }

    /// <summary>Updates applied since creation.</summary>
    public int Updates { get; private set; }

    /// <summary>Entries in <paramref name="group"/> (a group or parameter name, with or without <c>root.</c>); empty = all.</summary>
    internal IReadOnlyList<KeyValuePair<string, string>> List(string group)
    {
        var prefix = group.Length == 0 ? string.Empty : Rooted(group);
        lock (_gate)
        {
            return [.. _values.Where(e => prefix.Length == 0 || e.Key == prefix || e.Key.StartsWith(prefix + ".", StringComparison.Ordinal))];
        }
    }

    /// <summary>Sets existing parameters; false (and nothing changed) when any name is unknown.</summary>
    internal bool TryUpdate(IReadOnlyList<KeyValuePair<string, string>> updates)
    {
        lock (_gate)
        {
            if (updates.Count == 0 || updates.Any(u => !_values.ContainsKey(Rooted(u.Key))))
            {
                return false;
            }

            foreach (var (name, value) in updates)
            {
                _values[Rooted(name)] = value;
            }

            Updates++;
            return true;
        }
    }

    private static string Rooted(string name) => name.StartsWith("root.", StringComparison.Ordinal) ? name : "root." + name;
}
