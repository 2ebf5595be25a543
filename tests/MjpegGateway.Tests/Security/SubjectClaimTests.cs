using System.Net;
using Microsoft.Extensions.DependencyInjection;
using MjpegGateway.Tests.Infrastructure;

namespace MjpegGateway.Tests.Security;

/// <summary>
/// A token must name its subject: without one the per-subject caps and rate limits have nothing to count, so such a token
/// is refused as invalid wherever a token is accepted, with a challenge that says which claim is missing.
/// </summary>
public sealed class SubjectClaimTests
{
    private static readonly string[] EveryTokenRoute =
    [
        "GET cameras",
        "GET cameras/lobby/stream",
        "GET cameras/lobby/snapshot",
        "POST cameras/lobby/tickets",
        "GET cameras/lobby/vapix/jpg/image.cgi",
        "GET api/cameras",
        "GET openapi/v1.json",
        "GET metrics",
    ];

    [Fact]
    public async Task Thirty_concurrent_streams_with_a_token_without_a_subject_are_all_refused_401()
    {
        await using var camera = await CameraSimulator.CameraSimulator.StartAsync();
        await using var gateway = await TestGateway.StartAsync(TestGateway.Camera("lobby", camera.VideoUrl, ("Gateway:MaxStreamsPerSubject", "16")));
        var token = gateway.Tokens.Create(null, ["viewer"], ["lobby"]);
        var client = gateway.CreateClient(token);

        var responses = await Task.WhenAll(Enumerable.Range(0, 30).Select(_ => client.GetAsync("cameras/lobby/stream", HttpCompletionOption.ResponseHeadersRead)));
        try
        {
            Assert.All(responses, r =>
            {
                Assert.Equal(HttpStatusCode.Unauthorized, r.StatusCode);
                AssertMissingSubjectChallenge(r, "sub");
            });
            Assert.Equal(0, gateway.Catalog.Viewers);
            Assert.Equal(0, camera.StreamsServed);
        }
        finally
        {
            foreach (var response in responses)
            {
                response.Dispose();
            }
        }

        Assert.DoesNotContain(token, gateway.Logs.AllText, StringComparison.Ordinal);
        Assert.DoesNotContain(token.Split('.')[2], gateway.Logs.AllText, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    public async Task Every_route_that_takes_a_token_refuses_one_without_a_usable_subject(string? subject)
    {
        await using var camera = await CameraSimulator.CameraSimulator.StartAsync();
        await using var gateway = await TestGateway.StartAsync(TestGateway.Camera("lobby", camera.VideoUrl));
        // Every right there is, so only the subject can be what is refused.
        var token = gateway.Tokens.Create(subject, ["admin"], ["*"]);
        var client = gateway.CreateClient(token);

        foreach (var route in EveryTokenRoute)
        {
            var (method, path) = (route.Split(' ')[0], route.Split(' ')[1]);
            using var response = await client.SendAsync(new HttpRequestMessage(new HttpMethod(method), path), HttpCompletionOption.ResponseHeadersRead);

            Assert.True(response.StatusCode == HttpStatusCode.Unauthorized, $"{route}: got {(int)response.StatusCode}");
            AssertMissingSubjectChallenge(response, "sub");
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            Assert.Contains("'sub'", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        Assert.Equal(0, camera.StreamsServed);
        Assert.DoesNotContain(token, gateway.Logs.AllText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_custom_subject_claim_is_the_one_required()
    {
        await using var camera = await CameraSimulator.CameraSimulator.StartAsync();
        await using var gateway = await TestGateway.StartAsync(TestGateway.Camera("lobby", camera.VideoUrl, ("Auth:SubjectClaim", "uid")));
        var withUid = gateway.CreateClient(gateway.Tokens.Create("alice", ["viewer"], ["lobby"], subjectClaim: "uid"));
        var withSubOnly = gateway.CreateClient(gateway.Tokens.Create("alice", ["viewer"], ["lobby"]));

        await using (var stream = await MjpegStreamClient.OpenAsync(withUid, "cameras/lobby/stream"))
        {
            Assert.NotNull(await stream.ReadFrameAsync());
            Assert.Equal("alice", Assert.Single(gateway.Services.GetRequiredService<MjpegGateway.Streaming.StreamSessions>().Live).Subject);
        }

        using var refused = await withSubOnly.GetAsync("cameras/lobby/snapshot");
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        AssertMissingSubjectChallenge(refused, "uid");
    }

    [Fact]
    public async Task No_token_gets_the_plain_challenge_and_a_token_with_a_subject_passes()
    {
        await using var camera = await CameraSimulator.CameraSimulator.StartAsync();
        await using var gateway = await TestGateway.StartAsync(TestGateway.Camera("lobby", camera.VideoUrl));

        // No token: the plain challenge (RFC 6750 §3.1: no error code when no credential was sent).
        using var anonymous = await gateway.Anonymous.GetAsync("cameras/lobby/snapshot");
        using var snapshot = await gateway.CreateClient(gateway.Tokens.Viewer("alice", "lobby")).GetAsync("cameras/lobby/snapshot");

        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal("Bearer", anonymous.Headers.WwwAuthenticate.Single().ToString());
        Assert.Equal(HttpStatusCode.OK, snapshot.StatusCode);
    }

    private static void AssertMissingSubjectChallenge(HttpResponseMessage response, string claim)
    {
        var challenge = Assert.Single(response.Headers.WwwAuthenticate);
        Assert.Equal("Bearer", challenge.Scheme);
        Assert.Contains("error=\"invalid_token\"", challenge.Parameter, StringComparison.Ordinal);
        Assert.Contains("error_description=\"", challenge.Parameter, StringComparison.Ordinal);
        Assert.Contains($"'{claim}'", challenge.Parameter, StringComparison.Ordinal);
    }
}
