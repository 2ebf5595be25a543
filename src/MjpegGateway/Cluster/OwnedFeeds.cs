using System.Collections.Concurrent;

namespace MjpegGateway.Cluster;

/// <summary>The feeds (<c>camera/profile</c>) this node pulls from the camera now, each with its lease term; the relay serves only these.</summary>
public sealed class OwnedFeeds
{
    private readonly ConcurrentDictionary<string, LeaseTerm> _terms = new(StringComparer.Ordinal);

    /// <summary>True while this node holds the feed's lease.</summary>
    public bool IsOwner(string feed) => _terms.TryGetValue(feed, out var term) && term.IsHeld;

    internal void Add(string feed, LeaseTerm term) => _terms[feed] = term;

    internal void Remove(string feed, LeaseTerm term) => _terms.TryRemove(new KeyValuePair<string, LeaseTerm>(feed, term));
}
