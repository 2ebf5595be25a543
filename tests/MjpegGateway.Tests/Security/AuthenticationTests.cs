using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using MjpegGateway.Tests.Infrastructure;

namespace MjpegGateway.Tests.Security;

public sealed class AuthenticationTests : IAsyncLifetime
{
    private CameraSimulator.CameraSimulator _camera = null!;
    private TestGateway _gateway = null!;

    public async Task InitializeAsync()
    {
        _camera = await CameraSimulator.CameraSimulator.StartAsync(new CameraSimulator.SimulatedCameraOptions { MaxStreams = 8 });
        var settings = TestGateway.Camera("lobby", _camera.VideoUrl);
        settings["Cameras:yard:Url"] = _camera.VideoUrl.ToString();
        settings["Auth:ClockSkewSeconds"] = "0";
        _gateway = await TestGateway.StartAsync(settings);
    }

    public async Task DisposeAsync()
    {
        await _gateway.DisposeAsync();
        await _camera.DisposeAsync();
    }

    [Fact]
    public async Task No_token_gets_401_problem_with_a_bearer_challenge()
    {
        foreach (var path in new[] { "cameras", "cameras/lobby/stream", "cameras/lobby/snapshot" })
        {
            using var response = await _gateway.Anonymous.GetAsync(path);
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
            Assert.Equal("Bearer", response.Headers.WwwAuthenticate.Single().Scheme);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        }

        using var ticket = await _gateway.Anonymous.PostAsync("cameras/lobby/tickets", null);
        Assert.Equal(HttpStatusCode.Unauthorized, ticket.StatusCode);
        Assert.Equal(0, _camera.StreamsServed);
    }

    public static TheoryData<string, string> BadTokens => new()
    {
        { "bad signature", "signature" },
        { "wrong issuer", "issuer" },
        { "wrong audience", "audience" },
        { "expired", "expired" },
        { "not yet valid", "future" },
        { "unsigned (alg none)", "none" },
        { "garbage", "garbage" },
    };

    [Theory]
    [MemberData(nameof(BadTokens))]
    public async Task Invalid_tokens_get_401(string because, string kind)
    {
        var tokens = _gateway.Tokens;
        var token = kind switch
        {
            "signature" => tokens.Create("mallory", ["admin"], ["*"], signingKey: RandomNumberGenerator.GetBytes(32)),
            "issuer" => tokens.Create("mallory", ["admin"], ["*"], issuer: "someone-else"),
            "audience" => tokens.Create("mallory", ["admin"], ["*"], audience: "another-app"),
            "expired" => tokens.Create("mallory", ["admin"], ["*"], lifetime: TimeSpan.FromMinutes(-1)),
            "future" => tokens.Create("mallory", ["admin"], ["*"], notBefore: DateTime.UtcNow.AddHours(1), lifetime: TimeSpan.FromHours(2)),
            "none" => new JsonWebTokenHandler().CreateToken("""{"sub":"mallory","roles":["admin"],"cameras":["*"],"iss":"mjpeg-gateway","aud":"mjpeg-gateway","exp":4102444800}"""),
            _ => "not.a.jwt",
        };

        using var response = await _gateway.CreateClient(token).GetAsync("cameras/lobby/snapshot");

        Assert.True(response.StatusCode == HttpStatusCode.Unauthorized, $"{because}: got {(int)response.StatusCode}");
    }

    [Fact]
    public async Task Token_for_camera_A_gets_403_on_camera_B()
    {
        var client = _gateway.CreateClient(_gateway.Tokens.Viewer("alice", "lobby"));

        using var allowed = await client.GetAsync("cameras/lobby/snapshot");
        using var denied = await client.GetAsync("cameras/yard/snapshot");
        using var deniedStream = await client.GetAsync("cameras/yard/stream", HttpCompletionOption.ResponseHeadersRead);

        Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, denied.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, deniedStream.StatusCode);
        Assert.Equal("application/problem+json", denied.Content.Headers.ContentType?.MediaType);
        var list = JsonDocument.Parse(await client.GetStringAsync("cameras")).RootElement;
        Assert.Equal(["lobby"], list.EnumerateArray().Select(c => c.GetProperty("id").GetString()));
    }

    [Fact]
    public async Task Wildcards_and_roles_decide_access()
    {
        var wildcard = _gateway.CreateClient(_gateway.Tokens.Viewer("bob", "lob*"));
        var noRole = _gateway.CreateClient(_gateway.Tokens.Create("carol", [], ["*"]));

        using var byWildcard = await wildcard.GetAsync("cameras/lobby/snapshot");
        using var outsideWildcard = await wildcard.GetAsync("cameras/yard/snapshot");
        using var withoutRole = await noRole.GetAsync("cameras/lobby/snapshot");

        Assert.Equal(HttpStatusCode.OK, byWildcard.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, outsideWildcard.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, withoutRole.StatusCode);
    }

    [Fact]
    public async Task Tokens_in_the_query_string_are_not_accepted()
    {
        var token = _gateway.Tokens.Admin();
        using var response = await _gateway.Anonymous.GetAsync($"cameras/lobby/snapshot?access_token={token}");
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task Stream_ends_when_the_token_that_opened_it_expires()
    {
        var token = _gateway.Tokens.Create("short-lived", ["viewer"], ["lobby"], lifetime: TimeSpan.FromSeconds(3));
        var client = _gateway.CreateClient(token);
        await using var viewer = await MjpegStreamClient.OpenAsync(client, "cameras/lobby/stream");
        var opened = DateTimeOffset.UtcNow;

        var frames = 0;
        while (await viewer.ReadFrameAsync() is not null)
        {
            frames++;
            Assert.True(DateTimeOffset.UtcNow - opened < TimeSpan.FromSeconds(30), "stream outlived its token");
        }

        Assert.True(frames > 3, $"only {frames} frames before the end");
        Assert.Contains(_gateway.Logs.Entries, e => e.EventId == 355);
        await Eventually.TrueAsync(
            () => _gateway.Logs.Entries.Any(e => e.EventId == 500 && e.Message.Contains("reason CredentialExpired", StringComparison.Ordinal)),
            "session audited as ended by its credential's expiry");
        Assert.Equal(0, _gateway.Feed("lobby").Hub.ViewerCount);
    }

    [Fact]
    public async Task Token_signed_by_a_jwks_authority_is_verified_through_its_jwks_document()
    {
        using var rsa = RSA.Create(2048);
        var key = new RsaSecurityKey(rsa) { KeyId = "test-key-1" };
        await using var authority = await StartAuthorityAsync(key);
        var issuer = authority.Urls.Single();
        await using var gateway = await TestGateway.StartAsync(new Dictionary<string, string?>(TestGateway.Camera("lobby", _camera.VideoUrl))
        {
            ["Auth:SigningKey"] = "",
            ["Auth:Authority"] = issuer,
            ["Auth:Issuer"] = issuer,
            ["Auth:RequireHttpsMetadata"] = "false",
        });
        string Sign(SecurityKey signingKey, string algorithm) => new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = issuer,
            Audience = "mjpeg-gateway",
            Expires = DateTime.UtcNow.AddMinutes(5),
            SigningCredentials = new SigningCredentials(signingKey, algorithm),
            Claims = new Dictionary<string, object> { ["sub"] = "oidc-user", ["roles"] = new[] { "viewer" }, ["cameras"] = new[] { "lobby" } },
        });

        using var good = await gateway.CreateClient(Sign(key, SecurityAlgorithms.RsaSha256)).GetAsync("cameras/lobby/snapshot");
        using var rsaOther = RSA.Create(2048);
        using var forged = await gateway.CreateClient(Sign(new RsaSecurityKey(rsaOther) { KeyId = "test-key-1" }, SecurityAlgorithms.RsaSha256)).GetAsync("cameras/lobby/snapshot");
        using var hmac = await gateway.CreateClient(gateway.Tokens.Admin()).GetAsync("cameras/lobby/snapshot");

        Assert.Equal(HttpStatusCode.OK, good.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, forged.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, hmac.StatusCode);
    }

    /// <summary>A minimal OpenID Connect authority on loopback: discovery document and JWKS.</summary>
    private static async Task<WebApplication> StartAuthorityAsync(RsaSecurityKey key)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var jwk = JsonWebKeyConverter.ConvertFromRSASecurityKey(key);
        app.MapGet("/.well-known/openid-configuration", (HttpContext c) =>
        {
            var issuer = $"http://{c.Request.Host}";
            return Results.Text(JsonSerializer.Serialize(new Dictionary<string, object>
            {
                ["issuer"] = issuer,
                ["jwks_uri"] = issuer + "/jwks",
                ["id_token_signing_alg_values_supported"] = new[] { "RS256" },
            }), "application/json");
        });
        app.MapGet("/jwks", () => Results.Text(JsonSerializer.Serialize(new
        {
            keys = new[] { new { kty = jwk.Kty, use = "sig", kid = jwk.Kid, alg = "RS256", n = jwk.N, e = jwk.E } },
        }), "application/json"));
        await app.StartAsync();
        return app;
    }
}
