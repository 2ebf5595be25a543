using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using MjpegGateway.Security;

namespace MjpegGateway.Tests.Units;

/// <summary>Tickets on a fake clock: single use, short-lived, never longer than the credential, bounded in number.</summary>
public sealed class StreamTicketStoreTests
{
    private readonly FakeTimeProvider _time = new(DateTimeOffset.Parse("2026-01-01T00:00:00Z", System.Globalization.CultureInfo.InvariantCulture));

    private StreamTicketStore Store(int maxOutstanding = 10, int perSubject = 8) =>
        new(Options.Create(new TicketOptions { LifetimeSeconds = 30, MaxOutstanding = maxOutstanding, MaxOutstandingPerSubject = perSubject }), _time);

    [Fact]
    public async Task A_ticket_redeems_once()
    {
        IStreamTicketStore store = Store();
        var issued = await store.TryIssueAsync("lobby", "alice", _time.GetUtcNow().AddHours(1), default);

        var first = await store.TryRedeemAsync(issued.Value!, default);
        var second = await store.TryRedeemAsync(issued.Value!, default);

        Assert.Equal(TicketRefusal.None, issued.Refusal);
        Assert.Equal(("lobby", "alice"), (first!.CameraId, first.Subject));
        Assert.Null(second);
    }

    [Theory]
    [InlineData(29, true)]
    [InlineData(30, false)]
    public void A_ticket_expires_after_its_lifetime(int seconds, bool redeems)
    {
        var store = Store();
        var issued = store.TryIssue("lobby", "alice", _time.GetUtcNow().AddHours(1));

        _time.Advance(TimeSpan.FromSeconds(seconds));

        Assert.Equal(redeems, store.TryRedeem(issued.Value!) is not null);
    }

    [Fact]
    public void A_ticket_never_outlives_the_credential_that_minted_it()
    {
        var store = Store();
        var credentialEnds = _time.GetUtcNow().AddSeconds(5);

        var issued = store.TryIssue("lobby", "alice", credentialEnds);
        _time.Advance(TimeSpan.FromSeconds(6));

        Assert.Equal(credentialEnds, issued.Ticket!.ExpiresAt);
        Assert.Null(store.TryRedeem(issued.Value!));
    }

    [Fact]
    public void Too_many_outstanding_tickets_are_refused_until_some_expire()
    {
        var store = Store(maxOutstanding: 2);
        var credential = _time.GetUtcNow().AddHours(1);
        store.TryIssue("lobby", "alice", credential);
        store.TryIssue("lobby", "alice", credential);

        var refused = store.TryIssue("lobby", "alice", credential);
        _time.Advance(TimeSpan.FromSeconds(31));
        var afterExpiry = store.TryIssue("lobby", "alice", credential);

        Assert.Equal((TicketRefusal.TooManyOutstanding, null), (refused.Refusal, refused.Value));
        Assert.Equal(TicketRefusal.None, afterExpiry.Refusal);
    }

    [Fact]
    public void A_subject_holds_at_most_its_bound_of_unused_tickets_and_others_still_mint()
    {
        var store = Store(maxOutstanding: 100, perSubject: 8);
        var credential = _time.GetUtcNow().AddHours(1);
        var alices = Enumerable.Range(0, 8).Select(_ => store.TryIssue("lobby", "alice", credential)).ToList();

        var ninth = store.TryIssue("lobby", "alice", credential);
        var bobs = store.TryIssue("lobby", "bob", credential);
        store.TryRedeem(alices[0].Value!);
        var afterOneUsed = store.TryIssue("lobby", "alice", credential);
        var refusedAgain = store.TryIssue("lobby", "alice", credential);
        _time.Advance(TimeSpan.FromSeconds(31));
        var afterExpiry = store.TryIssue("lobby", "alice", credential);

        Assert.All(alices, a => Assert.Equal(TicketRefusal.None, a.Refusal));
        Assert.Equal((TicketRefusal.TooManyForSubject, null), (ninth.Refusal, ninth.Value));
        Assert.Equal(TicketRefusal.None, bobs.Refusal);
        Assert.Equal(TicketRefusal.None, afterOneUsed.Refusal);
        Assert.Equal(TicketRefusal.TooManyForSubject, refusedAgain.Refusal);
        Assert.Equal(TicketRefusal.None, afterExpiry.Refusal);
    }

    [Fact]
    public async Task Finding_a_ticket_leaves_it_usable_once()
    {
        IStreamTicketStore store = Store();
        var issued = await store.TryIssueAsync("lobby", "alice", _time.GetUtcNow().AddHours(1), default);

        var found = await store.TryFindAsync(issued.Value!, default);
        var foundAgain = await store.TryFindAsync(issued.Value!, default);
        var redeemed = await store.TryRedeemAsync(issued.Value!, default);

        Assert.Equal(("lobby", "alice"), (found!.CameraId, found.Subject));
        Assert.NotNull(foundAgain);
        Assert.NotNull(redeemed);
        Assert.Null(await store.TryFindAsync(issued.Value!, default));
        Assert.Null(await store.TryRedeemAsync(issued.Value!, default));
    }

    [Fact]
    public void An_expired_ticket_is_not_found()
    {
        var store = Store();
        var issued = store.TryIssue("lobby", "alice", _time.GetUtcNow().AddHours(1));

        _time.Advance(TimeSpan.FromSeconds(30));

        Assert.Null(store.TryFind(issued.Value!));
    }

    [Theory]
    [InlineData("")]
    [InlineData("not-a-ticket")]
    public void Unknown_values_redeem_nothing(string value) => Assert.Null(Store().TryRedeem(value));
}
