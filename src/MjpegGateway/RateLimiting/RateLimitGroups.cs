namespace MjpegGateway.RateLimiting;

/// <summary>Endpoint groups that rate-limit rules are written for.</summary>
public static class RateLimitGroups
{
    /// <summary>Stream starts.</summary>
    public const string Streams = "streams";

    /// <summary>Snapshots.</summary>
    public const string Snapshots = "snapshots";

    /// <summary>Ticket minting.</summary>
    public const string Tickets = "tickets";

    /// <summary>The camera list and other read-only API calls.</summary>
    public const string Api = "api";

    /// <summary>The admin API (<c>/api</c>), its OpenAPI document (<c>/openapi</c>), <c>/metrics</c> and the admin VAPIX CGIs.</summary>
    public const string Admin = "admin";

    /// <summary>Camera control (PTZ) through the pass-through.</summary>
    public const string Control = "control";
}
