using System.Net;
using MjpegGateway.Tests.Infrastructure;

namespace MjpegGateway.Tests.Security;

public sealed class NetworkTests
{
    [Fact]
    public async Task Address_outside_the_allow_list_gets_403_when_a_trusted_proxy_forwards_it()
    {
        await using var camera = await CameraSimulator.CameraSimulator.StartAsync();
        await using var gateway = await TestGateway.StartAsync(TestGateway.Camera("lobby", camera.VideoUrl,
            ("Security:TrustedProxies:0", "127.0.0.1"),
            ("Security:AllowedNetworks:0", "10.0.0.0/8"),
            ("Security:AllowedNetworks:1", "fd00::/8"),
            ("Cameras:lobby:AllowedNetworks:0", "10.1.0.0/16")));

        async Task<HttpStatusCode> FromAsync(string? forwardedFor, string path = "cameras/lobby/snapshot")
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, path);
            if (forwardedFor is not null)
            {
                request.Headers.Add("X-Forwarded-For", forwardedFor);
            }

            using var response = await gateway.Client.SendAsync(request);
            return response.StatusCode;
        }

        var outside = await FromAsync("203.0.113.9");
        var outsideCamera = await FromAsync("10.2.3.4");
        var inside = await FromAsync("10.1.2.3");
        var proxyItself = await FromAsync(null);
        var probe = await FromAsync("203.0.113.9", "healthz");

        Assert.Equal(
            [HttpStatusCode.Forbidden, HttpStatusCode.Forbidden, HttpStatusCode.OK, HttpStatusCode.Forbidden, HttpStatusCode.OK],
            [outside, outsideCamera, inside, proxyItself, probe]);
    }

    [Fact]
    public async Task Forwarded_headers_from_untrusted_peers_are_ignored()
    {
        await using var camera = await CameraSimulator.CameraSimulator.StartAsync();
        await using var gateway = await TestGateway.StartAsync(TestGateway.Camera("lobby", camera.VideoUrl,
            ("Security:AllowedNetworks:0", "10.0.0.0/8")));

        using var request = new HttpRequestMessage(HttpMethod.Get, "cameras/lobby/snapshot");
        request.Headers.Add("X-Forwarded-For", "10.1.2.3");
        using var response = await gateway.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task Unreadable_allow_list_entry_refuses_to_start_and_names_the_key()
    {
        await using var camera = await CameraSimulator.CameraSimulator.StartAsync();
        var error = await Assert.ThrowsAsync<MjpegGateway.Configuration.InvalidConfigurationException>(() =>
            TestGateway.StartAsync(TestGateway.Camera("lobby", camera.VideoUrl, ("Security:AllowedNetworks:0", "10.0.0.0/33"))));
        Assert.Contains("Security:AllowedNetworks:0", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Allow_list_with_a_bad_entry_matches_nothing_rather_than_everything()
    {
        var cached = new MjpegGateway.Security.CachedNetworkList<MjpegGateway.Security.SecurityOptions>(o => o.AllowedNetworks, "k");
        var list = cached.For(new MjpegGateway.Security.SecurityOptions { AllowedNetworks = ["not-a-network"] });

        Assert.False(list.IsEmpty);
        Assert.False(list.Contains(IPAddress.Loopback));
    }
}
