namespace MjpegGateway.RateLimiting;

/// <summary>Endpoint metadata naming the rate-limit group whose rules apply.</summary>
[AttributeUsage(AttributeTargets.Method | AttributeTargets.Class)]
public sealed class RateLimitGroupAttribute(string name) : Attribute
{
    /// <summary>Group name, one of <see cref="RateLimitGroups"/>.</summary>
    public string Name { get; } = name;
}
