using System.Diagnostics;
using System.Net;
using MjpegGateway.Tests.Infrastructure;

namespace MjpegGateway.Tests.Vapix;

public sealed class VapixLimitsTests
{
    private const string Snapshot = "cameras/lobby/vapix/jpg/image.cgi";
    private const string Ptz = "cameras/lobby/vapix/com/ptz.cgi";

    [Fact]
    public async Task Ptz_over_its_per_subject_rate_limit_gets_429_with_retry_after()
    {
        await using var rig = await PassThroughRig.StartAsync(PassThroughRig.CameraPassword,
            ("RateLimits:Rules:control:PerSubject:PermitsPerMinute", "6"),
            ("RateLimits:Rules:control:PerSubject:Burst", "2"));
        var statuses = new List<HttpStatusCode>();
        HttpResponseMessage? limited = null;
        for (var i = 0; i < 3; i++)
        {
            var response = await rig.Operator.GetAsync(Ptz + "?rpan=1");
            statuses.Add(response.StatusCode);
            limited = response.StatusCode == HttpStatusCode.TooManyRequests ? response : limited;
        }

        // Another operator has a bucket of its own.
        var colleague = rig.Gateway.CreateClient(rig.Gateway.Tokens.Create("olga", ["operator"], ["lobby"]));
        using var theirs = await colleague.GetAsync(Ptz + "?rpan=1");

        Assert.Equal([HttpStatusCode.NoContent, HttpStatusCode.NoContent, HttpStatusCode.TooManyRequests], statuses);
        Assert.NotNull(limited);
        Assert.True(limited.Headers.RetryAfter?.Delta >= TimeSpan.FromSeconds(1));
        Assert.Equal("application/problem+json", limited.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.NoContent, theirs.StatusCode);
        Assert.Equal(3, rig.Camera.Ptz.Commands);
        Assert.Equal(3, rig.Camera.Ptz.Pan);
    }

    [Fact]
    public async Task Snapshots_are_rate_limited_per_subject()
    {
        await using var rig = await PassThroughRig.StartAsync(PassThroughRig.CameraPassword,
            ("RateLimits:Rules:snapshots:PerSubject:PermitsPerMinute", "6"),
            ("RateLimits:Rules:snapshots:PerSubject:Burst", "1"));

        using var first = await rig.Viewer.GetAsync(Snapshot);
        using var second = await rig.Viewer.GetAsync(Snapshot);

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, second.StatusCode);
        Assert.NotNull(second.Headers.RetryAfter);
        Assert.Single(rig.CameraRequestsTo("/axis-cgi/jpg/image.cgi"), r => r.Status == 200);
    }

    [Fact]
    public async Task Camera_down_gives_502_problem()
    {
        await using var rig = await PassThroughRig.StartAsync();
        await rig.Camera.StopAsync();

        using var response = await rig.Operator.GetAsync(Ptz + "?move=home");

        Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("could not be reached", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Camera_that_hangs_gives_504_within_the_configured_timeout()
    {
        await using var rig = await PassThroughRig.StartAsync(PassThroughRig.CameraPassword, ("Vapix:TimeoutSeconds", "1"));
        rig.Camera.Faults.Hang = true;
        var clock = Stopwatch.StartNew();

        using var response = await rig.Viewer.GetAsync(Snapshot);

        clock.Stop();
        Assert.Equal(HttpStatusCode.GatewayTimeout, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.InRange(clock.Elapsed, TimeSpan.FromSeconds(0.9), TimeSpan.FromSeconds(5));
        Assert.Single(rig.CameraRequestsTo("/axis-cgi/jpg/image.cgi"));
    }

    [Fact]
    public async Task Every_call_is_audited_with_subject_camera_cgi_status_and_duration_but_no_secrets()
    {
        await using var rig = await PassThroughRig.StartAsync();
        using (await rig.Operator.GetAsync(Ptz + "?pan=12&speed=40"))
        using (await rig.Viewer.GetAsync(Ptz + "?pan=13"))
        using (await rig.Admin.GetAsync("cameras/lobby/vapix/param.cgi?action=list&secret_token=abc123"))
        using (await rig.Admin.GetAsync("cameras/lobby/vapix/pwdgrp.cgi?action=get"))
        {
        }

        var audit = rig.Gateway.Logs.Entries.Where(e => e.Category == "MjpegGateway.Audit" && e.EventId is 600 or 601).Select(e => e.Message).ToList();
        Assert.Contains(audit, m => m.Contains("GET ptz on camera lobby: status 204, outcome forwarded, subject otto", StringComparison.Ordinal) && m.Contains(" ms", StringComparison.Ordinal));
        Assert.Contains(audit, m => m.Contains("GET ptz on camera lobby: status 403, outcome role too low, subject vera", StringComparison.Ordinal));
        Assert.Contains(audit, m => m.Contains("GET param on camera lobby: status 400, outcome parameter not allowed, subject ada", StringComparison.Ordinal));
        Assert.Contains(audit, m => m.Contains("/cameras/lobby/vapix/pwdgrp.cgi on camera lobby, status 403, subject ada", StringComparison.Ordinal));
        Assert.DoesNotContain(audit, m => m.Contains("abc123", StringComparison.Ordinal) || m.Contains("speed", StringComparison.Ordinal));
        var everything = rig.Gateway.Logs.AllText;
        foreach (var secret in new[] { rig.OperatorToken, rig.ViewerToken, rig.AdminToken, PassThroughRig.CameraPassword })
        {
            Assert.DoesNotContain(secret, everything, StringComparison.Ordinal);
        }
    }
}
