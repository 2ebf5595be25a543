namespace MjpegGateway.Bench;

/// <summary>
/// Walks a command line of <c>--name value</c> pairs and value-less flags, for the normal run (<see cref="BenchOptions"/>)
/// and the soak (<see cref="SoakOptions"/>) alike, so both answer help and a missing value the same way.
/// </summary>
internal static class CommandLine
{
    /// <summary>
    /// Hands each option of <paramref name="args"/> to <paramref name="option"/> (the value is null for one of
    /// <paramref name="flags"/>), which returns an error or null. Returns the first error: empty for <c>-h</c>/<c>--help</c>
    /// (the caller prints its usage), a message for a name without its value, or what <paramref name="option"/> said.
    /// </summary>
    public static string? Walk(string[] args, IReadOnlyCollection<string> flags, Func<string, string?, string?> option)
    {
        for (var i = 0; i < args.Length; i++)
        {
            var name = args[i];
            if (name is "-h" or "--help")
            {
                return "";
            }

            string? value = null;
            if (!flags.Contains(name))
            {
                if (i + 1 >= args.Length)
                {
                    return $"{name} needs a value.";
                }

                value = args[++i];
            }

            if (option(name, value) is { } error)
            {
                return error;
            }
        }

        return null;
    }
}
