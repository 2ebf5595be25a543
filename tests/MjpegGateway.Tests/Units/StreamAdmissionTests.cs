using Microsoft.Extensions.DependencyInjection;
using MjpegGateway.CameraSimulator;
using MjpegGateway.Http;
using MjpegGateway.Security;
using MjpegGateway.Streaming;
using MjpegGateway.Telemetry;
using MjpegGateway.Tests.Infrastructure;
using MjpegGateway.Upstream;

namespace MjpegGateway.Tests.Units;

/// <summary>StreamAdmission alone: every refusal with its problem details, and a lease that frees what it holds.</summary>
public sealed class StreamAdmissionTests
{
    private static readonly Caller Alice = new("alice", "10.0.0.1", "alice");

    public static TheoryData<string, (string Key, string Value)[], StreamRequest[], int, string, string?> Refusals => new()
    {
        { "unknown camera", [], [new(Alice, "nope", null)], 404, "Not found", null },
        { "unknown profile", [], [new(Alice, "lobby", "4k")], 400, "Bad request", null },
        { "subject cap", [("Gateway:MaxStreamsPerSubject", "1")], [new(Alice, "lobby", null), new(Alice with { Address = "10.0.0.2" }, "lobby", null)], 429, "Too many streams", StreamRejection.Cap },
        { "ip cap", [("Gateway:MaxStreamsPerIp", "1")], [new(Alice, "lobby", null), new(Alice with { Subject = "bob" }, "lobby", null)], 429, "Too many streams", StreamRejection.Cap },
        { "camera full", [("Cameras:lobby:MaxViewers", "1")], [new(Alice, "lobby", "hd"), new(Alice with { Subject = "bob" }, "lobby", "low")], 503, "Too many viewers", StreamRejection.Cap },
        { "gateway full", [("Gateway:MaxViewersTotal", "1")], [new(Alice, "lobby", null), new(Alice with { Subject = "bob" }, "yard", null)], 503, "Too many viewers", StreamRejection.Cap },
    };

    [Theory]
    [MemberData(nameof(Refusals))]
    public async Task Refuses_with_its_problem_details(string because, (string Key, string Value)[] limits, StreamRequest[] requests, int status, string title, string? mark)
    {
        var settings = GatewayParts.Cameras("lobby", "yard");
        foreach (var (key, value) in limits)
        {
            settings[key] = value;
        }

        await using var parts = GatewayParts.Create(settings);
        var admission = parts.GetRequiredService<StreamAdmission>();
        var leases = new List<StreamLease>();
        foreach (var admitted in requests[..^1])
        {
            var first = await admission.AdmitAsync(admitted, default);
            Assert.True(first.IsAdmitted, because + ": the requests before the last are admitted");
            leases.Add(first.Lease);
        }

        var refused = await admission.AdmitAsync(requests[^1], default);

        Assert.False(refused.IsAdmitted, because);
        Assert.Equal((status, title, mark), (refused.Refusal.Status, refused.Refusal.Title, refused.Refusal.Mark));
        Assert.Equal(status is 429 or 503, refused.Refusal.RetryAfter is not null);
        foreach (var lease in leases)
        {
            await lease.DisposeAsync();
        }

        // What the refused request would have needed is free again once the others end.
        var again = await admission.AdmitAsync(requests[^1], default);
        Assert.Equal(status is 429 or 503, again.IsAdmitted);
        if (again.IsAdmitted)
        {
            await again.Lease.DisposeAsync();
        }
    }

    [Fact]
    public async Task Refuses_new_streams_while_draining_but_still_serves_snapshots()
    {
        await using var parts = GatewayParts.Create(GatewayParts.Cameras("lobby"));
        var admission = parts.GetRequiredService<StreamAdmission>();
        parts.GetRequiredService<StreamSessions>().Close();

        var stream = await admission.AdmitAsync(new(Alice, "lobby", null), default);
        var snapshot = await admission.AdmitAsync(new(Alice, "lobby", null, Snapshot: true), default);

        Assert.Equal((503, "Shutting down", StreamRejection.Draining), (stream.Refusal!.Status, stream.Refusal.Title, stream.Refusal.Mark));
        Assert.True(snapshot.IsAdmitted);
        await snapshot.Lease.DisposeAsync();
    }

    [Fact]
    public async Task Snapshots_take_no_stream_slot()
    {
        var settings = GatewayParts.Cameras("lobby");
        settings["Cameras:lobby:MaxViewers"] = "1";
        await using var parts = GatewayParts.Create(settings);
        var admission = parts.GetRequiredService<StreamAdmission>();

        await using var stream = (await admission.AdmitAsync(new(Alice, "lobby", null), default)).Lease!;
        var snapshot = await admission.AdmitAsync(new(Alice, "lobby", null, Snapshot: true), default);

        Assert.True(snapshot.IsAdmitted);
        await snapshot.Lease.DisposeAsync();
    }

    [Fact]
    public async Task A_lease_names_the_camera_and_the_default_profile_is_the_first()
    {
        await using var parts = GatewayParts.Create(GatewayParts.Cameras("lobby"));
        var admission = parts.GetRequiredService<StreamAdmission>();

        var admitted = await admission.AdmitAsync(new(Alice, "lobby", null), default);

        Assert.True(admitted.IsAdmitted);
        Assert.Equal(("lobby", "hd"), (admitted.Lease.Camera.Camera.Id, admitted.Lease.Feed.Profile));
        await admitted.Lease.DisposeAsync();
    }

    [Fact]
    public async Task A_ticket_is_used_only_by_a_request_that_is_admitted()
    {
        await using var parts = GatewayParts.Create(GatewayParts.Cameras("lobby"));
        var admission = parts.GetRequiredService<StreamAdmission>();
        var ticket = await IssueAsync(parts);

        var badProfile = await admission.AdmitAsync(new(Alice, "lobby", "4k", Ticket: ticket), default);
        var unknownCamera = await admission.AdmitAsync(new(Alice, "nope", null, Ticket: ticket), default);
        var stillThere = await parts.GetRequiredService<IStreamTicketStore>().TryFindAsync(ticket, default);
        var admitted = await admission.AdmitAsync(new(Alice, "lobby", null, Ticket: ticket), default);
        var replay = await admission.AdmitAsync(new(Alice, "lobby", null, Ticket: ticket), default);

        Assert.Equal((400, 404), (badProfile.Refusal?.Status, unknownCamera.Refusal?.Status));
        Assert.NotNull(stillThere);
        Assert.True(admitted.IsAdmitted);
        Assert.Equal((401, StreamRejection.Auth), (replay.Refusal?.Status, replay.Refusal?.Mark));
        await admitted.Lease.DisposeAsync();
    }

    [Fact]
    public async Task A_ticket_lost_to_a_racing_request_frees_the_stream_slot_it_had_reserved()
    {
        var settings = GatewayParts.Cameras("lobby");
        settings["Gateway:MaxStreamsPerSubject"] = "1";
        await using var parts = GatewayParts.Create(settings);
        var admission = parts.GetRequiredService<StreamAdmission>();
        var ticket = await IssueAsync(parts);
        // The other request with the same ticket got there first.
        Assert.NotNull(await parts.GetRequiredService<IStreamTicketStore>().TryRedeemAsync(ticket, default));

        var lost = await admission.AdmitAsync(new(Alice, "lobby", null, Ticket: ticket), default);
        var next = await admission.AdmitAsync(new(Alice, "lobby", null), default);

        Assert.Equal(401, lost.Refusal?.Status);
        Assert.True(next.IsAdmitted, "the subject's only stream slot was released");
        await next.Lease.DisposeAsync();
    }

    private static async Task<string> IssueAsync(ServiceProvider parts)
    {
        var time = parts.GetRequiredService<TimeProvider>();
        var issued = await parts.GetRequiredService<IStreamTicketStore>().TryIssueAsync("lobby", "alice", time.GetUtcNow().AddHours(1), default);
        return issued.Value!;
    }

    [Fact]
    public async Task Caps_that_cannot_answer_refuse_with_503()
    {
        await using var parts = GatewayParts.Create(GatewayParts.Cameras("lobby"), s => s.AddSingleton<IStreamCaps>(new UnavailableCaps()));
        var admission = parts.GetRequiredService<StreamAdmission>();

        var refused = await admission.AdmitAsync(new(Alice, "lobby", null), default);

        Assert.Equal(503, refused.Refusal!.Status);
        Assert.NotNull(refused.Refusal.RetryAfter);
    }

    [Fact]
    public async Task A_camera_that_refuses_the_gateways_credentials_is_refused_with_503_and_a_long_retry()
    {
        // The one real socket here: a simulated camera that answers the gateway's (wrong) credentials with 401.
        await using var camera = await CameraSimulator.CameraSimulator.StartAsync(new SimulatedCameraOptions
        {
            Auth = SimulatedAuth.Digest,
            Username = "gw",
            Password = "right-password",
        });
        await using var parts = GatewayParts.Create(new Dictionary<string, string?>
        {
            ["Cameras:gate:Url"] = camera.VideoUrl.ToString(),
            ["Cameras:gate:Username"] = "gw",
            ["Cameras:gate:Password"] = "wrong-password",
            ["Cameras:gate:Profiles:hd"] = "resolution=320x180",
        });
        var admission = parts.GetRequiredService<StreamAdmission>();
        await using (var first = (await admission.AdmitAsync(new(Alice, "gate", null), default)).Lease!)
        {
            await Eventually.TrueAsync(() => first.Feed.Upstream.State == UpstreamState.Unauthorized, "the camera refused the credentials");
        }

        var refused = await admission.AdmitAsync(new(Alice, "gate", null), default);

        Assert.False(refused.IsAdmitted);
        Assert.Equal((503, "Camera unavailable", (TimeSpan?)StreamAdmission.RefusedRetryAfter), (refused.Refusal.Status, refused.Refusal.Title, refused.Refusal.RetryAfter));
        Assert.Contains("credentials", refused.Refusal.Detail, StringComparison.Ordinal);
        Assert.DoesNotContain("password", refused.Refusal.Detail, StringComparison.OrdinalIgnoreCase);
    }

    // A store that cannot be reached (a cluster's Redis down): the gateway must fail closed.
    private sealed class UnavailableCaps : IStreamCaps
    {
        public ValueTask<StreamCapResult> TryReserveAsync(StreamCapRequest request, CancellationToken cancellationToken) =>
            ValueTask.FromResult(new StreamCapResult(StreamCapRejection.Unavailable, null));
    }
}
