using System.Net;
using System.Security.Claims;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using MjpegGateway.Http;
using MjpegGateway.Security;

namespace MjpegGateway.Tests.Units;

/// <summary>
/// The one access decision, on a plain <see cref="DefaultHttpContext"/>: what the endpoint's
/// <see cref="CameraScopeMetadata"/> allows decides, never the path.
/// </summary>
public sealed class CameraAccessDecisionTests
{
    private static readonly CameraAccessDecision Decision = new(Options.Create(new AuthOptions()), NullLogger<CameraAccessDecision>.Instance);

    public static TheoryData<string, CameraScopeMetadata?, string, bool, int?> Cases => new()
    {
        { "a public camera is watched without a credential", CameraScopeMetadata.Viewing, "anonymous", true, null },
        { "a public camera mints no ticket without a token", CameraScopeMetadata.TokenOnly, "anonymous", true, 401 },
        { "a private camera needs a credential", CameraScopeMetadata.Viewing, "anonymous", false, 401 },
        { "a ticket opens a stream", CameraScopeMetadata.Viewing, "ticket", false, null },
        { "a ticket opens no ticket endpoint or VAPIX", CameraScopeMetadata.TokenOnly, "ticket", false, 401 },
        { "an endpoint without metadata takes no ticket", null, "ticket", false, 401 },
        { "an endpoint without metadata takes no public camera", null, "anonymous", true, 401 },
        { "a token for the camera passes", CameraScopeMetadata.TokenOnly, "token", false, null },
        { "a token for another camera is forbidden", CameraScopeMetadata.Viewing, "other-token", false, 403 },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Decides_by_the_endpoint_metadata(string because, CameraScopeMetadata? scope, string caller, bool isPublic, int? status)
    {
        var context = Context(scope, caller);

        var refusal = Decision.Decide(context, new CameraAccessRules("lobby", isPublic, NetworkList.Parse([], "k", [])));

        Assert.True(status == StatusOf(refusal), because);
    }

    [Fact]
    public void An_unknown_camera_passes_only_an_authenticated_caller_so_the_404_comes_after_the_token_check()
    {
        Assert.Equal(401, StatusOf(Decision.Decide(Context(CameraScopeMetadata.Viewing, "anonymous"), null)));
        Assert.Null(Decision.Decide(Context(CameraScopeMetadata.Viewing, "other-token"), null));
    }

    [Theory]
    [InlineData("anonymous", true)]
    [InlineData("token", false)]
    public void A_network_outside_the_cameras_list_is_forbidden_and_marked(string caller, bool isPublic)
    {
        var context = Context(CameraScopeMetadata.Viewing, caller);
        context.Connection.RemoteIpAddress = IPAddress.Parse("192.168.1.5");
        var errors = new List<string>();

        var refusal = Decision.Decide(context, new CameraAccessRules("lobby", isPublic, NetworkList.Parse(["10.0.0.0/8"], "k", errors)));

        Assert.Empty(errors);
        Assert.Equal(403, StatusOf(refusal));
        context.Response.StatusCode = 403;
        Assert.Equal(StreamRejection.AllowList, StreamRejection.Of(context));
    }

    private static int? StatusOf(CameraAccessRefusal? refusal) => (refusal?.Problem as IStatusCodeHttpResult)?.StatusCode;

    private static DefaultHttpContext Context(CameraScopeMetadata? scope, string caller)
    {
        var context = new DefaultHttpContext();
        context.Connection.RemoteIpAddress = IPAddress.Loopback;
        context.SetEndpoint(new Endpoint(null, scope is null ? EndpointMetadataCollection.Empty : new EndpointMetadataCollection(scope), "camera endpoint"));
        context.User = caller switch
        {
            "token" => Principal("Bearer", "lobby"),
            "other-token" => Principal("Bearer", "yard"),
            "ticket" => Principal(TicketAuthenticationHandler.SchemeName, "lobby"),
            _ => new ClaimsPrincipal(new ClaimsIdentity()),
        };
        return context;
    }

    private static ClaimsPrincipal Principal(string scheme, string cameras) =>
        new(new ClaimsIdentity([new Claim("sub", "alice"), new Claim("roles", GatewayRoles.Viewer), new Claim("cameras", cameras)], scheme, "sub", "roles"));
}
