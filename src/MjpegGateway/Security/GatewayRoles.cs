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
}
