using System.Text;

namespace MjpegGateway.Security;

/// <summary>
/// Query strings as they may appear in logs: values of secret-bearing parameters replaced, and any value that looks
/// like a credential whatever its name (<see cref="CredentialShape"/>).
/// </summary>
public static class RedactedQuery
{
    // Any parameter whose name contains one of these is masked: tickets, tokens, keys, passwords, signatures.
    private static readonly string[] SecretNameParts = ["ticket", "token", "key", "pass", "pwd", "secret", "sig", "auth", "cred", "code"];
    private const int MaxLoggedLength = 512;

    /// <summary>The query with every secret or credential-shaped value replaced by <c>***</c>, truncated to a sane length.</summary>
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
            // A token pasted as a bare parameter (?eyJ…) is a name without a value.
            builder.Append(CredentialShape.Matches(name) ? "***" : name);
            if (equals >= 0)
            {
                var value = pair.AsSpan(equals + 1);
                builder.Append('=').Append(IsSecret(decoded) || CredentialShape.Matches(value) ? "***".AsSpan() : value);
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
