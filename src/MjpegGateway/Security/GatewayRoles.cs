namespace MjpegGateway.Security;

/// <summary>Role names in tokens. Each role includes the rights of the ones before it.</summary>
public static class GatewayRoles
{
    /// <summary>Watches streams and snapshots of the cameras in its claim.</summary>
    public const string Viewer = "viewer";

    /// <summary>Also controls cameras (PTZ) in its claim.</summary>
    public const string Operator = "operator";

    /// <summary>Everything, on every camera: admin API, metrics, parameters.</summary>
    public const string Admin = "admin";

    /// <summary>The roles in rising order; each includes the rights of those before it.</summary>
    private static readonly string[] Ladder = [Viewer, Operator, Admin];

    /// <summary>The roles that reach <paramref name="minimumRole"/>: the role itself and every higher one.</summary>
    public static string[] AtLeast(string minimumRole)
    {
        var index = Array.IndexOf(Ladder, minimumRole);
        return index < 0 ? throw new ArgumentOutOfRangeException(nameof(minimumRole), minimumRole, "Unknown role.") : Ladder[index..];
    }

    /// <summary>True when <paramref name="user"/> holds <paramref name="minimumRole"/> or a higher role.</summary>
    public static bool HasAtLeast(System.Security.Claims.ClaimsPrincipal user, string minimumRole) =>
        AtLeast(minimumRole).Any(user.IsInRole);
}
