namespace MjpegGateway.Configuration;

/// <summary>
/// Notices a configuration file that cannot be read on reload (a JSON syntax error, a half-written save). The JSON
/// provider then empties that file's keys, which would look like "every camera deleted"; the catalog asks this guard
/// first and keeps the running configuration instead.
/// </summary>
public sealed class ConfigurationFileGuard
{
    private string? _failure;

    private ConfigurationFileGuard()
    {
    }

    /// <summary>Hooks every file source of <paramref name="configuration"/> (when it exposes its sources).</summary>
    public static ConfigurationFileGuard Attach(IConfiguration configuration)
    {
        var guard = new ConfigurationFileGuard();
        if (configuration is IConfigurationBuilder builder)
        {
            foreach (var source in builder.Sources.OfType<FileConfigurationSource>())
            {
                var previous = source.OnLoadException;
                source.OnLoadException = context =>
                {
                    previous?.Invoke(context);
                    // The parser's message names the file, line and position; the file's content is not quoted.
                    Volatile.Write(ref guard._failure, context.Exception.InnerException?.Message ?? context.Exception.Message);
                    // Handled here: rethrown, it would surface in the file watcher's callback instead of the log.
                    context.Ignore = true;
                };
            }
        }

        return guard;
    }

    /// <summary>The read error since the last call, if any, and clears it.</summary>
    public bool TryTakeFailure([NotNullWhen(true)] out string? failure)
    {
        failure = Interlocked.Exchange(ref _failure, null);
        return failure is not null;
    }
}
