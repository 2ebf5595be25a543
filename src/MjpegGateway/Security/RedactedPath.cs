using System.Text;

namespace MjpegGateway.Security;

/// <summary>Request paths as they may appear in logs: credential-shaped segments replaced, length bounded.</summary>
public static class RedactedPath
{
    /// <summary>Longest path written to a log; the rest is cut and marked with an ellipsis.</summary>
    public const int MaxLoggedLength = 200;

    /// <summary>The path with every segment that looks like a credential (<see cref="CredentialShape"/>) replaced by <c>***</c>.</summary>
    public static string Of(PathString path) => Of(path.Value);

    /// <inheritdoc cref="Of(PathString)"/>
    public static string Of(string? path)
    {
        if (string.IsNullOrEmpty(path))
        {
            return "/";
        }

        if (!CredentialShape.Matches(path))
        {
            return Truncate(path);
        }

        var builder = new StringBuilder(path.Length);
        foreach (var segment in path.Split('/'))
        {
            if (builder.Length > 0 || path[0] == '/')
            {
                builder.Append('/');
            }

            builder.Append(CredentialShape.Matches(segment) ? "***" : segment);
        }

        // Split on a leading '/' gives an empty first segment: drop the doubled slash.
        return Truncate(path[0] == '/' ? builder.ToString(1, builder.Length - 1) : builder.ToString());
    }

    private static string Truncate(string path) => path.Length > MaxLoggedLength ? path[..MaxLoggedLength] + "…" : path;
}
