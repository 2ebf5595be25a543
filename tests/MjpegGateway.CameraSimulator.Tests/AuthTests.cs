using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;

namespace MjpegGateway.CameraSimulator.Tests;

public sealed class AuthTests
{
    private static SimulatedCameraOptions Options(SimulatedAuth auth) => new() { Auth = auth, Username = "root", Password = "pass" };

    private static HttpClient ClientWith(Uri uri, string scheme, string password = "pass") =>
        new(new SocketsHttpHandler { Credentials = new CredentialCache { { uri, scheme, new NetworkCredential("root", password) } } });

    [Fact]
    public async Task Digest_credential_cache_of_HttpClient_streams_frames()
    {
        await using var camera = await CameraSimulator.StartAsync(Options(SimulatedAuth.Digest));
        using var client = ClientWith(camera.BaseAddress, "Digest");
        using var response = await client.GetAsync(camera.VideoUrl + "?resolution=320x180", HttpCompletionOption.ResponseHeadersRead);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        await using var stream = await response.Content.ReadAsStreamAsync();
        var body = await RawBody.ReadOccurrencesAsync(stream, "--myboundary\r\n", 2);
        Assert.True(FrameStamp.TryRead(RawBody.JpegByContentLength(body).Jpeg, out _, out _));

        var requests = camera.Requests;
        Assert.Equal([401, 200], requests.Select(r => r.Status));
        Assert.Null(requests[0].Authorization);
        Assert.StartsWith("Digest username=\"root\"", requests[1].Authorization, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DigestOrBasic_offers_digest_first_then_basic()
    {
        await using var camera = await CameraSimulator.StartAsync(Options(SimulatedAuth.DigestOrBasic));
        using var client = new HttpClient();
        using var response = await client.GetAsync(camera.VideoUrl);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        var challenges = response.Headers.WwwAuthenticate.ToList();
        Assert.Equal(2, challenges.Count);
        Assert.Equal("Digest", challenges[0].Scheme);
        Assert.Matches("^realm=\"AXIS_ACCC8E000000\", nonce=\"[0-9a-f]{48}\", algorithm=MD5, qop=\"auth\"$", challenges[0].Parameter);
        Assert.Equal("Basic realm=\"AXIS_ACCC8E000000\"", challenges[1].ToString());
    }

    [Theory]
    [InlineData(SimulatedAuth.Basic, "Basic")]
    [InlineData(SimulatedAuth.DigestOrBasic, "Basic")]
    [InlineData(SimulatedAuth.DigestOrBasic, "Digest")]
    public async Task Right_credentials_are_accepted(SimulatedAuth auth, string scheme)
    {
        await using var camera = await CameraSimulator.StartAsync(Options(auth));
        using var client = ClientWith(camera.BaseAddress, scheme);
        using var response = await client.GetAsync(new Uri(camera.BaseAddress, "axis-cgi/jpg/image.cgi"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Theory]
    [InlineData(SimulatedAuth.Basic, "Basic")]
    [InlineData(SimulatedAuth.Digest, "Digest")]
    [InlineData(SimulatedAuth.Digest, "Basic")]
    public async Task Wrong_credentials_or_scheme_get_401(SimulatedAuth auth, string scheme)
    {
        await using var camera = await CameraSimulator.StartAsync(Options(auth));
        using var client = ClientWith(camera.BaseAddress, scheme, password: scheme == "Basic" && auth == SimulatedAuth.Digest ? "pass" : "wrong");
        using var response = await client.GetAsync(camera.VideoUrl);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.All(camera.Requests, r => Assert.Equal(401, r.Status));
    }

    [Theory]
    [InlineData("SHA-256")]
    [InlineData("MD5-sess")]
    public async Task Digest_responses_with_other_algorithms_are_accepted(string algorithm)
    {
        await using var camera = await CameraSimulator.StartAsync(Options(SimulatedAuth.Digest));
        using var client = new HttpClient();
        var uri = new Uri(camera.BaseAddress, "axis-cgi/jpg/image.cgi?resolution=64x36");
        using var challenge = await client.GetAsync(uri);
        var nonce = challenge.Headers.WwwAuthenticate.Single().Parameter!.Split("nonce=\"")[1].Split('"')[0];

        Func<string, string> hash = algorithm.StartsWith("SHA", StringComparison.Ordinal)
            ? s => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(s)))
            : s => Convert.ToHexStringLower(MD5.HashData(Encoding.UTF8.GetBytes(s)));
        const string cnonce = "0a4f113b";
        const string nc = "00000001";
        var ha1 = hash($"root:{CameraSimulator.AuthRealm}:pass");
        if (algorithm.EndsWith("-sess", StringComparison.Ordinal))
        {
            ha1 = hash($"{ha1}:{nonce}:{cnonce}");
        }

        var target = uri.PathAndQuery;
        var digest = hash($"{ha1}:{nonce}:{nc}:{cnonce}:auth:{hash("GET:" + target)}");
        using var request = new HttpRequestMessage(HttpMethod.Get, uri);
        request.Headers.Authorization = new AuthenticationHeaderValue("Digest",
            $"username=\"root\", realm=\"{CameraSimulator.AuthRealm}\", nonce=\"{nonce}\", uri=\"{target}\", " +
            $"algorithm={algorithm}, response=\"{digest}\", qop=auth, nc={nc}, cnonce=\"{cnonce}\"");
        using var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Digest_with_a_forged_nonce_or_other_uri_is_refused()
    {
        await using var camera = await CameraSimulator.StartAsync(Options(SimulatedAuth.Digest));
        using var client = new HttpClient();
        var uri = new Uri(camera.BaseAddress, "axis-cgi/jpg/image.cgi");
        using var challenge = await client.GetAsync(uri);
        var nonce = challenge.Headers.WwwAuthenticate.Single().Parameter!.Split("nonce=\"")[1].Split('"')[0];
        var forged = (nonce[0] == '0' ? "1" : "0") + nonce[1..];

        static string Md5(string s) => Convert.ToHexStringLower(MD5.HashData(Encoding.UTF8.GetBytes(s)));
        async Task<HttpStatusCode> SendAsync(string usedNonce, string claimedUri)
        {
            var digest = Md5($"{Md5($"root:{CameraSimulator.AuthRealm}:pass")}:{usedNonce}:00000001:abc:auth:{Md5("GET:" + claimedUri)}");
            using var request = new HttpRequestMessage(HttpMethod.Get, uri);
            request.Headers.Authorization = new AuthenticationHeaderValue("Digest",
                $"username=\"root\", realm=\"{CameraSimulator.AuthRealm}\", nonce=\"{usedNonce}\", uri=\"{claimedUri}\", " +
                $"response=\"{digest}\", qop=auth, nc=00000001, cnonce=\"abc\"");
            using var response = await client.SendAsync(request);
            return response.StatusCode;
        }

        Assert.Equal(HttpStatusCode.OK, await SendAsync(nonce, uri.PathAndQuery));
        Assert.Equal(HttpStatusCode.Unauthorized, await SendAsync(forged, uri.PathAndQuery));
        Assert.Equal(HttpStatusCode.Unauthorized, await SendAsync(nonce, "/axis-cgi/mjpg/video.cgi"));
    }
}
