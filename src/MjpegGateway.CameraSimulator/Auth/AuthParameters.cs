namespace MjpegGateway.CameraSimulator.Auth;

/// <summary>Parses RFC 9110 auth-params: <c>name=token</c> or <c>name="quoted \"string\""</c>, comma separated.</summary>
internal static class AuthParameters
{
    /// <returns><c>false</c> when the text is not a well-formed parameter list.</returns>
    public static bool TryParse(ReadOnlySpan<char> text, out Dictionary<string, string> parameters)
    {
        parameters = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var position = 0;
        while (true)
        {
            while (position < text.Length && (text[position] is ',' || char.IsWhiteSpace(text[position])))
            {
                position++;
            }

            if (position == text.Length)
            {
                return true;
            }

            var nameStart = position;
            while (position < text.Length && text[position] != '=' && text[position] != ',' && !char.IsWhiteSpace(text[position]))
            {
                position++;
            }

            var name = text[nameStart..position].ToString();
            SkipWhiteSpace(text, ref position);
            if (name.Length == 0 || position == text.Length || text[position] != '=')
            {
                return false;
            }

            position++;
            SkipWhiteSpace(text, ref position);
            if (!TryReadValue(text, ref position, out var value))
            {
                return false;
            }

            parameters[name] = value;
        }
    }

    private static bool TryReadValue(ReadOnlySpan<char> text, ref int position, out string value)
    {
        if (position < text.Length && text[position] == '"')
        {
            position++;
            var builder = new System.Text.StringBuilder();
            while (position < text.Length && text[position] != '"')
            {
                if (text[position] == '\\' && position + 1 < text.Length)
                {
                    position++;
                }

                builder.Append(text[position++]);
            }

            value = builder.ToString();
            if (position == text.Length)
            {
                return false; // unterminated quoted string
            }

            position++;
            return true;
        }

        var start = position;
        while (position < text.Length && text[position] != ',' && !char.IsWhiteSpace(text[position]))
        {
            position++;
        }

        value = text[start..position].ToString();
        return true;
    }

    private static void SkipWhiteSpace(ReadOnlySpan<char> text, ref int position)
    {
        while (position < text.Length && char.IsWhiteSpace(text[position]))
        {
            position++;
        }
    }
}
