using System.Globalization;
using System.Net;
using MjpegGateway.RateLimiting;
using MjpegGateway.Tests.Infrastructure;

namespace MjpegGateway.Tests.Admin;

/// <summary>The admin API, its OpenAPI document and the Prometheus scrape share the <c>admin</c> rate-limit group.</summary>
public sealed class AdminRateLimitTests
{
    private const int Burst = 3;

    [Theory]
    [InlineData("api/cameras", "PerIp")]
    [InlineData("openapi/v1.json", "PerIp")]
    [InlineData("metrics", "PerIp")]
    [InlineData("api/cameras", "PerSubject")]
    [InlineData("openapi/v1.json", "PerSubject")]
    [InlineData("metrics", "PerSubject")]
    public async Task Admin_endpoints_are_limited_per_client_ip_and_per_subject(string path, string rule)
    {
        await using var gateway = await TestGateway.StartAsync(new Dictionary<string, string?>
        {
            [$"RateLimits:Rules:admin:{rule}:PermitsPerMinute"] = "1",
            [$"RateLimits:Rules:admin:{rule}:Burst"] = Burst.ToString(CultureInfo.InvariantCulture),
        });
        var alice = gateway.CreateClient(gateway.Tokens.Create("alice", ["admin"], ["*"]));
        var bob = gateway.CreateClient(gateway.Tokens.Create("bob", ["admin"], ["*"]));
        var aliceElsewhere = gateway.CreateClient(gateway.Tokens.Create("alice", ["admin"], ["*"]), source: IPAddress.Parse("127.0.0.2"));

        for (var i = 0; i < Burst; i++)
        {
            using var allowed = await alice.GetAsync(path);
            Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
            Assert.True(allowed.Headers.Contains(RateLimitingExtensions.LimitHeader), $"{path}: no {RateLimitingExtensions.LimitHeader}");
        }

        using var limited = await alice.GetAsync(path);
        using var otherSubjectSameAddress = await bob.GetAsync(path);
        using var sameSubjectOtherAddress = await aliceElsewhere.GetAsync(path);

        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        Assert.True(limited.Headers.RetryAfter?.Delta >= TimeSpan.FromSeconds(1), $"{path}: Retry-After {limited.Headers.RetryAfter}");
        Assert.Equal("application/problem+json", limited.Content.Headers.ContentType?.MediaType);
        // Only requests that share the spent bucket, the address's or the subject's, are refused.
        var perIp = rule == "PerIp";
        Assert.Equal(perIp ? HttpStatusCode.TooManyRequests : HttpStatusCode.OK, otherSubjectSameAddress.StatusCode);
        Assert.Equal(perIp ? HttpStatusCode.OK : HttpStatusCode.TooManyRequests, sameSubjectOtherAddress.StatusCode);
    }
}
