using System.Net;
using MjpegGateway.Tests.Infrastructure;

namespace MjpegGateway.Tests.Vapix;

public sealed class VapixSanitisingTests
{
    private const string Snapshot = "cameras/lobby/vapix/jpg/image.cgi";
    private const string Ptz = "cameras/lobby/vapix/com/ptz.cgi";

    [Fact]
    public async Task Camera_banner_cookie_and_challenge_never_reach_the_client()
    {
        await using var rig = await PassThroughRig.StartAsync();
        // The camera does send them: straight to it, unauthenticated, a 401 with all three.
        using (var direct = new HttpClient())
        using (var challenge = await direct.GetAsync(new Uri(rig.Camera.BaseAddress, "axis-cgi/jpg/image.cgi")))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, challenge.StatusCode);
            Assert.True(challenge.Headers.Contains("Server"));
            Assert.True(challenge.Headers.Contains("Set-Cookie"));
            Assert.NotEmpty(challenge.Headers.WwwAuthenticate);
        }

        using var snapshot = await rig.Viewer.GetAsync(Snapshot);
        using var ptz = await rig.Operator.GetAsync(Ptz + "?query=position");

        foreach (var response in new[] { snapshot, ptz })
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.False(response.Headers.Contains("Server"));
            Assert.False(response.Headers.Contains("Set-Cookie"));
            Assert.Empty(response.Headers.WwwAuthenticate);
            Assert.Equal("no-store", response.Headers.CacheControl?.ToString());
            var all = response.Headers.Concat(response.Content.Headers).SelectMany(h => h.Value.Select(v => h.Key + ": " + v)).ToList();
            Assert.DoesNotContain(all, h => h.Contains("axis", StringComparison.OrdinalIgnoreCase) || h.Contains(PassThroughRig.CameraPassword, StringComparison.Ordinal));
            Assert.DoesNotContain(all, h => h.Contains("Digest", StringComparison.OrdinalIgnoreCase));
        }
    }

    [Fact]
    public async Task Client_token_cookies_and_headers_never_reach_the_camera()
    {
        await using var rig = await PassThroughRig.StartAsync();
        using var request = new HttpRequestMessage(HttpMethod.Get, Ptz + "?move=home");
        request.Headers.TryAddWithoutValidation("Cookie", "gateway_session=client-cookie-value");
        request.Headers.TryAddWithoutValidation("X-Forwarded-For", "10.9.9.9");
        request.Headers.TryAddWithoutValidation("X-Camera-Command", "reboot");
        request.Headers.TryAddWithoutValidation("Proxy-Authorization", "Basic Zm9vOmJhcg==");
        request.Content = new StringContent("action=update&root.Brand.Brand=EVIL");
        using var response = await rig.Operator.SendAsync(request);

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        var received = rig.Camera.Requests;
        Assert.NotEmpty(received);
        foreach (var camera in received)
        {
            Assert.True(camera.Authorization is null || camera.Authorization.StartsWith("Digest username=\"gateway\"", StringComparison.Ordinal), camera.Authorization);
            Assert.DoesNotContain(camera.Headers, h => h.Value.Contains(rig.OperatorToken, StringComparison.Ordinal) || h.Value.Contains("Bearer", StringComparison.OrdinalIgnoreCase));
            Assert.DoesNotContain(camera.Headers.Keys, k => k is "Content-Length" or "Transfer-Encoding" or "Content-Type" or "Cookie" or "X-Forwarded-For" or "X-Forwarded-Proto" or "X-Forwarded-Host" or "X-Camera-Command" or "Proxy-Authorization" or "Forwarded");
            // The password itself never crosses the wire with Digest.
            Assert.DoesNotContain(camera.Headers, h => h.Value.Contains(PassThroughRig.CameraPassword, StringComparison.Ordinal));
        }
    }

    [Fact]
    public async Task Camera_refusing_the_gateways_credentials_gives_502_without_its_challenge()
    {
        await using var rig = await PassThroughRig.StartAsync(cameraPassword: "wrong-password");
        using var response = await rig.Viewer.GetAsync(Snapshot);

        Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Empty(response.Headers.WwwAuthenticate);
        Assert.False(response.Headers.Contains("Set-Cookie"));
        var body = await response.Content.ReadAsStringAsync();
        Assert.DoesNotContain("AXIS_", body, StringComparison.Ordinal);
        Assert.DoesNotContain("wrong-password", body, StringComparison.Ordinal);
        Assert.Contains(rig.Gateway.Logs.Entries, e => e.EventId == 602 && e.Message.Contains("lobby", StringComparison.Ordinal));
    }
}
