using System.Text.Json;

namespace MjpegGateway.Tests.Cameras;

/// <summary>An operator's JSON settings file in a temporary folder, rewritten the way editors save (write aside, then rename over).</summary>
public sealed class ConfigFile : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("mjpeg-gateway-config-").FullName;

    public string Path => System.IO.Path.Combine(_folder, "cameras.json");

    public static Dictionary<string, object?> Camera(Uri url, params (string Key, object? Value)[] extra)
    {
        var camera = new Dictionary<string, object?>
        {
            ["Url"] = url.ToString(),
            ["Profiles"] = new Dictionary<string, string> { ["hd"] = "resolution=320x180&fps=15" },
            ["IdleLingerSeconds"] = 60,
        };
        foreach (var (key, value) in extra)
        {
            camera[key] = value;
        }

        return camera;
    }

    public void Write(Dictionary<string, Dictionary<string, object?>> cameras, Dictionary<string, object?>? gateway = null) =>
        WriteText(JsonSerializer.Serialize(new Dictionary<string, object?> { ["Cameras"] = cameras, ["Gateway"] = gateway ?? [] }));

    public void WriteText(string text)
    {
        var aside = Path + ".tmp";
        File.WriteAllText(aside, text);
        File.Move(aside, Path, overwrite: true);
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
            // Best effort: a temp folder.
        }
    }
}
