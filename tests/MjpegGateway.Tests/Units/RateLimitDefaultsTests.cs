using MjpegGateway.RateLimiting;

namespace MjpegGateway.Tests.Units;

/// <summary>The rules the gateway applies without a <c>RateLimits</c> section are the ones the operator's file shows.</summary>
public sealed class RateLimitDefaultsTests
{
    [Fact]
    public void Code_defaults_match_the_rules_in_appsettings_json()
    {
        var file = new ConfigurationBuilder().AddJsonFile(Path.Combine(AppContext.BaseDirectory, "appsettings.json")).Build();
        var inFile = file.GetSection("RateLimits:Rules").GetChildren()
            .SelectMany(group => group.GetChildren().Select(rule => $"{group.Key}:{rule.Key}={rule["PermitsPerMinute"]}/{rule["Burst"]}"))
            .Order(StringComparer.Ordinal);
        var inCode = new RateLimitOptions().Rules
            .SelectMany(group => new[] { ("PerIp", group.Value.PerIp), ("PerSubject", group.Value.PerSubject) }
                .Where(rule => rule.Item2 is not null)
                .Select(rule => FormattableString.Invariant($"{group.Key}:{rule.Item1}={rule.Item2!.PermitsPerMinute}/{rule.Item2.Burst}")))
            .Order(StringComparer.Ordinal);

        Assert.Equal(inFile, inCode);
    }

    [Fact]
    public void Admin_group_is_limited_per_ip_and_per_subject_by_default()
    {
        var admin = new RateLimitOptions().Rules[RateLimitGroups.Admin];

        Assert.True(admin.PerIp is { PermitsPerMinute: > 0, Burst: > 0 });
        Assert.True(admin.PerSubject is { PermitsPerMinute: > 0, Burst: > 0 });
    }
}
