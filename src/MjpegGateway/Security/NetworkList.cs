using System.Net;

namespace MjpegGateway.Security;

/// <summary>A parsed list of IPv4/IPv6 networks (CIDR or single addresses).</summary>
public sealed class NetworkList
{
    private readonly IPNetwork[] _networks;
    private readonly bool _matchesNothing;

    private NetworkList(IPNetwork[] networks, bool matchesNothing = false)
    {
        _networks = networks;
        _matchesNothing = matchesNothing;
    }

    /// <summary>
    /// A list that contains no address and is not empty: what an allow-list with a typo becomes, so that a
    /// mistake closes the door instead of opening it to everyone.
    /// </summary>
    public static NetworkList MatchesNothing { get; } = new([], matchesNothing: true);

    /// <summary>True when the list is empty (no restriction).</summary>
    public bool IsEmpty => _networks.Length == 0 && !_matchesNothing;

    /// <summary>The parsed networks.</summary>
    public IReadOnlyList<IPNetwork> Networks => _networks;

    /// <summary>Parses every entry, collecting each bad one with <paramref name="key"/> in the message.</summary>
    public static NetworkList Parse(IEnumerable<string> entries, string key, List<string> errors)
    {
        var networks = new List<IPNetwork>();
        var index = 0;
        foreach (var entry in entries)
        {
            var text = entry.Trim();
            if (IPNetwork.TryParse(text, out var network))
            {
                networks.Add(network);
            }
            else if (IPAddress.TryParse(text, out var address))
            {
                networks.Add(new IPNetwork(address, address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork ? 32 : 128));
            }
            else
            {
                errors.Add($"{key}:{index}: '{text}' is not an IP address or CIDR network.");
            }

            index++;
        }

        return new NetworkList([.. networks]);
    }

    /// <summary>True when <paramref name="address"/> (IPv4-mapped IPv6 included) is in one of the networks.</summary>
    public bool Contains(IPAddress? address)
    {
        if (address is null)
        {
            return false;
        }

        var candidates = address.IsIPv4MappedToIPv6 ? new[] { address, address.MapToIPv4() } : [address];
        foreach (var network in _networks)
        {
            foreach (var candidate in candidates)
            {
                if (network.Contains(candidate))
                {
                    return true;
                }
            }
        }

        return false;
    }
}
