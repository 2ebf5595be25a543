using System.Diagnostics.CodeAnalysis;
using System.Text;
using static Mjpeg.Multipart.MultipartSyntax;

namespace Mjpeg.Multipart;

/// <summary>Reads the boundary out of a camera's multipart Content-Type header.</summary>
public static class MultipartContentType
{
    private const string MultipartPrefix = "multipart/";
    private const string BoundaryParameter = "boundary";
    private const char ParameterSeparator = ';';
    private const char ValueSeparator = '=';
    private const char Quote = '"';
    private const char Escape = '\\';

    /// <summary>
    /// Extracts the boundary from e.g. <c>multipart/x-mixed-replace; boundary="--abc"</c> or
    /// <c>multipart/x-mixed-replace;boundary=abc</c>: any multipart media type, parameter name
    /// case-insensitive, value quoted (with backslash escapes) or not.
    /// </summary>
    /// <returns>
    /// True with the boundary <b>without its leading dashes</b> ("abc" for both examples): cameras
    /// disagree on whether boundary=--abc means a "--abc" or a "----abc" delimiter, and
    /// <see cref="MultipartFrameReader"/> matches two or more dashes followed by this value, so
    /// both work. False if the header is missing, not multipart, has no boundary, or the boundary
    /// is empty, longer than 200 characters, or not printable ASCII.
    /// </returns>
    public static bool TryGetBoundary(string? contentType, [NotNullWhen(true)] out string? boundary)
    {
        boundary = null;
        if (contentType is null)
        {
            return false;
        }

        var rest = contentType.AsSpan();
        int separator = rest.IndexOf(ParameterSeparator);
        var mediaType = (separator >= 0 ? rest[..separator] : rest).Trim();
        if (!mediaType.StartsWith(MultipartPrefix, StringComparison.OrdinalIgnoreCase) || separator < 0)
        {
            return false;
        }

        rest = rest[(separator + 1)..];
        while (!rest.IsEmpty)
        {
            int equals = rest.IndexOfAny(ValueSeparator, ParameterSeparator);
            if (equals < 0)
            {
                return false;
            }

            if (rest[equals] == ParameterSeparator)
            {
                // A parameter without a value: skip it.
                rest = rest[(equals + 1)..];
                continue;
            }

            var name = rest[..equals].Trim();
            rest = rest[(equals + 1)..].TrimStart();
            string value;
            if (!rest.IsEmpty && rest[0] == Quote)
            {
                if (!TryReadQuoted(ref rest, out value))
                {
                    return false;
                }
            }
            else
            {
                int end = rest.IndexOf(ParameterSeparator);
                value = (end >= 0 ? rest[..end] : rest).Trim().ToString();
                rest = end >= 0 ? rest[end..] : [];
            }

            if (name.Equals(BoundaryParameter, StringComparison.OrdinalIgnoreCase))
            {
                return TryNormalize(value, out boundary);
            }

            int next = rest.IndexOf(ParameterSeparator);
            rest = next >= 0 ? rest[(next + 1)..] : [];
        }

        return false;
    }

    private static bool TryReadQuoted(ref ReadOnlySpan<char> rest, out string value)
    {
        var builder = new StringBuilder();
        for (int i = 1; i < rest.Length; i++)
        {
            char c = rest[i];
            if (c == Escape && i + 1 < rest.Length)
            {
                builder.Append(rest[++i]);
            }
            else if (c == Quote)
            {
                rest = rest[(i + 1)..];
                value = builder.ToString();
                return true;
            }
            else
            {
                builder.Append(c);
            }
        }

        value = string.Empty;
        return false;
    }

    private static bool TryNormalize(string value, [NotNullWhen(true)] out string? boundary)
    {
        var core = value.TrimStart('-');
        bool valid = core.Length is > 0 and <= MaxBoundaryLength
            && Ascii.IsValid(core)
            && !core.Any(char.IsControl);
        boundary = valid ? core : null;
        return valid;
    }
}
