namespace MjpegGateway.Security;

/// <summary>
/// Recognises text that looks like a credential whatever it is called, so that a token a client put in a URL by
/// mistake (<c>?jwt=</c>, <c>?x=</c>, a path segment) is masked in logs: a JWT (dot-separated base64url parts whose
/// first is a JSON header, <c>eyJ…</c>), or a base64url run of <see cref="MinOpaqueLength"/> characters or more
/// mixing upper and lower case, as random keys and tickets do (camera ids and words rarely do).
/// </summary>
internal static class CredentialShape
{
    /// <summary>Shortest run of base64url characters taken for an opaque secret (256 random bits are 43).</summary>
    public const int MinOpaqueLength = 40;

    /// <summary>True when <paramref name="text"/> contains a JWT or a long mixed-case base64url run.</summary>
    public static bool Matches(ReadOnlySpan<char> text)
    {
        var runStart = 0;
        var upper = false;
        var lower = false;
        for (var i = 0; i <= text.Length; i++)
        {
            if (i < text.Length && IsBase64Url(text[i]))
            {
                upper |= char.IsAsciiLetterUpper(text[i]);
                lower |= char.IsAsciiLetterLower(text[i]);
                continue;
            }

            if (i - runStart >= MinOpaqueLength && upper && lower)
            {
                return true;
            }

            if (i < text.Length && text[i] == '.' && IsJwtAt(text, runStart))
            {
                return true;
            }

            runStart = i + 1;
            upper = lower = false;
        }

        return false;
    }

    // A JOSE header is a JSON object, so its base64url starts with "eyJ" ('{"'); then at least two dot-separated parts
    // (JWS has three, JWE five; an unsecured JWT's last part is empty).
    private static bool IsJwtAt(ReadOnlySpan<char> text, int start)
    {
        var rest = text[start..];
        if (!rest.StartsWith("eyJ", StringComparison.Ordinal))
        {
            return false;
        }

        var dots = 0;
        var partLength = 0;
        foreach (var c in rest)
        {
            if (c == '.')
            {
                if (partLength == 0 && dots < 2)
                {
                    return false;
                }

                dots++;
                partLength = 0;
            }
            else if (IsBase64Url(c))
            {
                partLength++;
            }
            else
            {
                break;
            }
        }

        return dots >= 2;
    }

    private static bool IsBase64Url(char c) => char.IsAsciiLetterOrDigit(c) || c is '-' or '_';
}
