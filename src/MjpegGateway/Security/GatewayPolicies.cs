namespace MjpegGateway.Security;

/// <summary>Authorization policy names used on endpoints.</summary>
public static class GatewayPolicies
{
    /// <summary>Any authenticated caller with the viewer, operator or admin role (camera rights are checked per camera).</summary>
    public const string Viewer = "viewer";

    /// <summary>Operator or admin role.</summary>
    public const string Operator = "operator";

    /// <summary>Admin role: admin API and metrics.</summary>
    public const string Admin = "admin";
}
