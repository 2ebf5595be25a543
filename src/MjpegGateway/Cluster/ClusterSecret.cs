using System.Text;

namespace MjpegGateway.Cluster;

/// <summary>The cluster secret's bytes: text as UTF-8, or <c>base64:...</c>.</summary>
internal static class ClusterSecret
{
    private const string Base64Prefix = "base64:";

    public static byte[]? Bytes(string? secret) => string.IsNullOrEmpty(secret)
        ? null
        : secret.StartsWith(Base64Prefix, StringComparison.Ordinal)
            ? Convert.FromBase64String(secret[Base64Prefix.Length..])
            : Encoding.UTF8.GetBytes(secret);
}
