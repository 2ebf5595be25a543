using System.Text;

namespace MjpegGateway.Security;

/// <summary>Query strings as they may appear in logs: values of secret-bearing parameters replaced.</summary>
public static class RedactedQuery
{
    private static readonly string[] SecretNames = ["ticket", "access_token", "token", "key", "password", "sig", "signature"];
    private const int MaxLoggedLength = 512;

    /// <summary>The query with the value of any secret parameter replaced by <c>***</c>, truncated to a sane length.</summary>
    public static string Of(QueryString query)
    {
        if (!query.HasValue)
        {
            return string.Empty;
        }

        var builder = new StringBuilder("?");
        foreach (var pair in query.Value!.TrimStart('?').Split('&'))
        {
            if (builder.Length > 1)
            {
                builder.Append('&');
            }

            var equals = pair.IndexOf('=', StringComparison.Ordinal);
            var name = equals < 0 ? pair : pair[..equals];
            var decoded = Uri.UnescapeDataString(name);
            builder.Append(name);
            if (equals >= 0)
            {
                builder.Append('=').Append(SecretNames.Contains(decoded, StringComparer.OrdinalIgnoreCase) ? "***" : pair[(equals + 1)..]);
            }

            if (builder.Length > MaxLoggedLength)
            {
                return builder.ToString(0, MaxLoggedLength) + "…";
            }
        }

        return builder.ToString();
    }
}
