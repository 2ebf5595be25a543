using System.Security.Claims;

namespace MjpegGateway.Security;

/// <summary>Decides whether a caller may see a camera, from the token's camera claim and roles.</summary>
public sealed class CameraAccess(string camerasClaim)
{
    private static readonly char[] Separators = [' ', ','];

    /// <summary>True when <paramref name="user"/> may view camera <paramref name="cameraId"/>.</summary>
    public bool CanView(ClaimsPrincipal user, string cameraId)
    {
        if (user.Identity?.IsAuthenticated != true)
        {
            return false;
        }

        if (user.IsInRole(GatewayRoles.Admin))
        {
            return true;
        }

        if (!GatewayRoles.HasAtLeast(user, GatewayRoles.Viewer))
        {
            return false;
        }

        foreach (var claim in user.FindAll(camerasClaim))
        {
            foreach (var pattern in claim.Value.Split(Separators, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                if (Matches(pattern, cameraId))
                {
                    return true;
                }
            }
        }

        return false;
    }

    /// <summary>Exact id, <c>*</c> for all, or a trailing-<c>*</c> prefix (<c>lobby-*</c>). Case-sensitive, like ids in URLs.</summary>
    public static bool Matches(string pattern, string cameraId) =>
        pattern == "*"
        || (pattern.EndsWith('*') && cameraId.StartsWith(pattern.AsSpan(0, pattern.Length - 1), StringComparison.Ordinal))
        || string.Equals(pattern, cameraId, StringComparison.Ordinal);
}
