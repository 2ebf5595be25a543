using MjpegGateway.Tests.Infrastructure;

namespace MjpegGateway.Tests.Security;

public sealed class TokenValidationWarmupTests
{
    private const int WarmedUp = 368;

    [Fact]
    public async Task A_self_minted_token_is_validated_before_the_gateway_listens()
    {
        await using var gateway = await TestGateway.StartAsync(new Dictionary<string, string?>());

        // StartAsync returns once Kestrel listens; hosted services started before it, so the entry is already there.
        var entry = Assert.Single(gateway.Logs.Entries, e => e.EventId == WarmedUp);
        Assert.Equal("Token validation warmed up with a self-minted token before listening", entry.Message);
    }

    [Fact]
    public async Task Warm_up_can_be_turned_off()
    {
        await using var gateway = await TestGateway.StartAsync(new Dictionary<string, string?> { ["Auth:WarmUpAtStart"] = "false" });

        Assert.DoesNotContain(gateway.Logs.Entries, e => e.EventId == WarmedUp);
    }
}
