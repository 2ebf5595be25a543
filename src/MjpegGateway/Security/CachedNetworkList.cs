namespace MjpegGateway.Security;

/// <summary>
/// A network list read from an options object, parsed once per options instance: a configuration reload makes a
/// new instance, so edits apply on the next request without parsing CIDRs on every request.
/// </summary>
internal sealed class CachedNetworkList<TOptions>(Func<TOptions, IEnumerable<string>> select, string key)
    where TOptions : class
{
    private (TOptions Options, NetworkList Networks)? _cached;

    /// <summary>
    /// The parsed list for <paramref name="options"/>. A list with an unparsable entry (start-up validation refuses
    /// those; a live edit can still bring one) matches nothing: fail closed.
    /// </summary>
    public NetworkList For(TOptions options)
    {
        var cached = _cached;
        if (cached is { } c && ReferenceEquals(c.Options, options))
        {
            return c.Networks;
        }

        var errors = new List<string>();
        var parsed = NetworkList.Parse(select(options), key, errors);
        if (errors.Count > 0)
        {
            parsed = NetworkList.MatchesNothing;
        }

        _cached = (options, parsed);
        return parsed;
    }
}
