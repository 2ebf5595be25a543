using System.Net;
using System.Security.Cryptography;
using MjpegGateway.Tests.Vapix;

namespace MjpegGateway.Tests.Security;

/// <summary>A credential a client put in a URL by mistake, in the query or in the path, reaches no log line.</summary>
public sealed class CredentialsInLogsTests
{
    [Fact]
    public async Task Tokens_in_query_values_and_path_segments_are_masked_in_every_log()
    {
        await using var rig = await PassThroughRig.StartAsync(PassThroughRig.CameraPassword,
            // The unlisted-VAPIX-path catch-all is in the api group: its second call is rate-limited.
            ("RateLimits:Rules:api:PerIp:PermitsPerMinute", "1"),
            ("RateLimits:Rules:api:PerIp:Burst", "1"),
            // The per-request lines are Debug by default; every sink is on here.
            ("Logging:LogLevel:MjpegGateway", "Debug"));
        var jwt = rig.ViewerToken;
        // An opaque credential: 256 random bits in base64url, as an API key or another system's ticket looks.
        var opaque = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        var anonymous = rig.Gateway.Anonymous;
        var statuses = new List<HttpStatusCode>();
        foreach (var (client, path) in new (HttpClient, string)[]
        {
            (rig.Viewer, $"cameras/lobby/snapshot?jwt={jwt}"),
            (rig.Viewer, $"cameras/lobby/snapshot?bearer={jwt}"),
            (rig.Viewer, $"cameras/lobby/snapshot?x={opaque}&profile=hd"),
            (anonymous, $"cameras/lobby/stream?x={jwt}"),
            (rig.Viewer, $"cameras/{jwt}/snapshot"),
            (rig.Viewer, $"cameras/{opaque}/snapshot"),
            (rig.Admin, $"cameras/lobby/vapix/{jwt}"),
            (rig.Admin, $"cameras/lobby/vapix/jpg/{opaque}/image.cgi"),
            // An allow-listed CGI on no configured camera: answered by the VAPIX guard, whose audit line names the camera.
            (rig.Admin, $"cameras/{opaque}/vapix/jpg/image.cgi"),
            (rig.Viewer, $"cameras/lobby/vapix/jpg/image.cgi?x={jwt}"),
            (rig.Viewer, "cameras/lobby/vapix/jpg/image.cgi?resolution=320x180"),
            (rig.Admin, $"api/cameras/{opaque}/viewers?q={jwt}"),
        })
        {
            using var response = await client.GetAsync(path);
            statuses.Add(response.StatusCode);
        }

        // The sinks did write: the request log, the refusal audit, the VAPIX audit, the rate limiter and the denial log.
        Assert.Contains(HttpStatusCode.TooManyRequests, statuses);
        Assert.Contains(HttpStatusCode.Unauthorized, statuses);
        var events = rig.Gateway.Logs.Entries.Select(e => e.EventId).ToHashSet();
        Assert.Empty(new[] { 350, 352, 353, 501, 600, 601 }.Except(events));
        var text = rig.Gateway.Logs.AllText;
        foreach (var secret in new[] { jwt, jwt.Split('.')[1], jwt.Split('.')[2], opaque })
        {
            Assert.DoesNotContain(secret, text, StringComparison.Ordinal);
        }

        Assert.Contains("/cameras/lobby/snapshot?jwt=***", text, StringComparison.Ordinal);
        Assert.Contains("/cameras/lobby/snapshot?x=***&profile=hd", text, StringComparison.Ordinal);
        Assert.Contains("/cameras/***/snapshot", text, StringComparison.Ordinal);
        Assert.Contains("/cameras/lobby/vapix/jpg/***/image.cgi", text, StringComparison.Ordinal);
    }
}
