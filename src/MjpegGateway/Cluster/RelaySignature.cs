using System.Buffers.Text;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace MjpegGateway.Cluster;

/// <summary>
/// Authenticates relay requests between replicas: header <c>X-Mjpeg-Relay: node:unix-seconds:HMAC-SHA256</c> over the node,
/// the time and the path, keyed with <see cref="ClusterOptions.Secret"/>. The secret itself never crosses the wire, and a
/// captured header is good for one path for <see cref="MaxSkew"/> only.
/// </summary>
public sealed class RelaySignature
{
    /// <summary>The request header.</summary>
    public const string Header = "X-Mjpeg-Relay";

    /// <summary>How far a signature's time may be from ours (clock drift between pods plus the request's flight).</summary>
    public static readonly TimeSpan MaxSkew = TimeSpan.FromSeconds(30);

    private readonly byte[] _key;
    private readonly TimeProvider _time;

    public RelaySignature(IOptions<ClusterOptions> options, TimeProvider time)
    {
        _key = ClusterSecret.Bytes(options.Value.Secret) ?? [];
        _time = time;
    }

    /// <summary>The header value for <paramref name="node"/> requesting <paramref name="path"/> now.</summary>
    public string Sign(string node, string path)
    {
        var seconds = _time.GetUtcNow().ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        return $"{node}:{seconds}:{Mac(node, seconds, path)}";
    }

    /// <summary>True when <paramref name="header"/> is a fresh signature of <paramref name="path"/>; the caller's node in <paramref name="node"/>.</summary>
    public bool TryVerify(string? header, string path, out string node)
    {
        node = string.Empty;
        var parts = header?.Split(':');
        if (parts is not { Length: 3 } || parts[0].Length is 0 or > 64
            || !long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var seconds)
            || Math.Abs(_time.GetUtcNow().ToUnixTimeSeconds() - seconds) > MaxSkew.TotalSeconds)
        {
            return false;
        }

        var expected = Encoding.ASCII.GetBytes(Mac(parts[0], parts[1], path));
        if (!CryptographicOperations.FixedTimeEquals(expected, Encoding.ASCII.GetBytes(parts[2])))
        {
            return false;
        }

        node = parts[0];
        return true;
    }

    private string Mac(string node, string seconds, string path) =>
        Base64Url.EncodeToString(HMACSHA256.HashData(_key, Encoding.UTF8.GetBytes($"mjpeg-relay-v1\n{node}\n{seconds}\n{path}")));
}
