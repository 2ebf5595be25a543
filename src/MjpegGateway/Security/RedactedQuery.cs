using System.Text;

namespace MjpegGateway.Security;

/// <summary>Query strings as they may appear in logs: values of secret-bearing parameters replaced.</summary>
public static class RedactedQuery
{
    // Any parameter whose name contains one of these is masked: tickets, tokens, keys, passwords, signatures.
    private static readonly string[] SecretNameParts = ["ticket", "token", "key", "pass", "pwd", "secret", "sig", "auth", "cred", "code"];
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
                builder.Append('=').Append(IsSecret(decoded) ? "***" : pair[(equals + 1)..]);
            }

            if (builder.Length > MaxLoggedLength)
            {
                return builder.ToString(0, MaxLoggedLength) + "…";
            }
        }

        return builder.ToString();
    }

    private static bool IsSecret(string name)
    {
        foreach (var part in SecretNameParts)
        {
            if (name.Contains(part, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }
}
