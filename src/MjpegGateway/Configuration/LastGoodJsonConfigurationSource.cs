using Microsoft.Extensions.Configuration.Json;

namespace MjpegGateway.Configuration;

/// <summary>
/// A JSON file source that keeps serving its last good values when a reload finds the file unreadable (a syntax
/// error, a half-written save). The stock provider empties the file's keys instead, which would silently lift
/// allow-lists and rate limits and look like "every camera deleted" until the file is fixed.
/// </summary>
public sealed class LastGoodJsonConfigurationSource : JsonConfigurationSource
{
    /// <summary>A copy of <paramref name="original"/> with last-good reload behaviour.</summary>
    public static LastGoodJsonConfigurationSource From(JsonConfigurationSource original) => new()
    {
        Path = original.Path!,
        Optional = original.Optional,
        ReloadOnChange = original.ReloadOnChange,
        ReloadDelay = original.ReloadDelay,
        FileProvider = original.FileProvider,
        OnLoadException = original.OnLoadException,
    };

    /// <inheritdoc />
    public override IConfigurationProvider Build(IConfigurationBuilder builder)
    {
        EnsureDefaults(builder);
        return new LastGoodJsonConfigurationProvider(this);
    }

    /// <summary>Replaces every JSON file source of <paramref name="builder"/> with a last-good one, in place.</summary>
    public static void ApplyTo(IConfigurationBuilder builder)
    {
        var sources = builder.Sources;
        for (var i = 0; i < sources.Count; i++)
        {
            if (sources[i] is JsonConfigurationSource json and not LastGoodJsonConfigurationSource)
            {
                sources[i] = From(json);
            }
        }
    }
}
