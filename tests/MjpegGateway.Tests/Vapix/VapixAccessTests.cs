using System.Net;
using MjpegGateway.Tests.Infrastructure;

namespace MjpegGateway.Tests.Vapix;

public sealed class VapixAccessTests : IAsyncLifetime
{
    private const string Snapshot = "cameras/lobby/vapix/jpg/image.cgi";
    private const string Ptz = "cameras/lobby/vapix/com/ptz.cgi";
    private const string Param = "cameras/lobby/vapix/param.cgi";
    private PassThroughRig _rig = null!;

    public async Task InitializeAsync() => _rig = await PassThroughRig.StartAsync();

    public async Task DisposeAsync() => await _rig.DisposeAsync();

    [Fact]
    public async Task Viewer_fetches_a_full_snapshot_from_the_camera_and_gets_403_on_ptz()
    {
        using var snapshot = await _rig.Viewer.GetAsync(Snapshot + "?resolution=320x180&compression=20");
        using var ptz = await _rig.Viewer.GetAsync(Ptz + "?pan=10");

        Assert.Equal(HttpStatusCode.OK, snapshot.StatusCode);
        Assert.Equal("image/jpeg", snapshot.Content.Headers.ContentType?.MediaType);
        var jpeg = await snapshot.Content.ReadAsByteArrayAsync();
        Assert.Equal([0xFF, 0xD8], jpeg[..2]);
        Assert.Equal(HttpStatusCode.Forbidden, ptz.StatusCode);
        Assert.Equal("application/problem+json", ptz.Content.Headers.ContentType?.MediaType);
        // The snapshot came from image.cgi (Digest challenge, then the answer), and ptz.cgi was never called.
        Assert.Equal([401, 200], _rig.CameraRequestsTo("/axis-cgi/jpg/image.cgi").Select(r => r.Status));
        Assert.Equal("/axis-cgi/jpg/image.cgi?resolution=320x180&compression=20", _rig.CameraRequestsTo("/axis-cgi/jpg/image.cgi")[^1].PathAndQuery);
        Assert.Empty(_rig.CameraRequestsTo("/axis-cgi/com/ptz.cgi"));
        Assert.Equal(0, _rig.Camera.Ptz.Commands);
    }

    [Fact]
    public async Task Operator_moves_the_camera_and_the_fake_cameras_head_follows()
    {
        using var absolute = await _rig.Operator.GetAsync(Ptz + "?pan=%2B010.50000&tilt=-20&zoom=500");
        Assert.Equal(HttpStatusCode.NoContent, absolute.StatusCode);
        Assert.Equal(10.5, _rig.Camera.Ptz.Pan);
        Assert.Equal(-20, _rig.Camera.Ptz.Tilt);
        Assert.Equal(500, _rig.Camera.Ptz.Zoom);

        // POST takes the parameters as a form body; the camera gets the same canonical GET.
        using var relative = await _rig.Operator.PostAsync(Ptz, new FormUrlEncodedContent([new("rpan", "4.5"), new("rzoom", "-100")]));
        Assert.Equal(HttpStatusCode.NoContent, relative.StatusCode);
        Assert.Equal(15, _rig.Camera.Ptz.Pan);
        Assert.Equal(400, _rig.Camera.Ptz.Zoom);

        using var continuous = await _rig.Operator.GetAsync(Ptz + "?continuouspantiltmove=30,-10");
        Assert.Equal(HttpStatusCode.NoContent, continuous.StatusCode);
        Assert.Equal((30, -10), (_rig.Camera.Ptz.PanSpeed, _rig.Camera.Ptz.TiltSpeed));

        var position = await _rig.Operator.GetStringAsync(Ptz + "?query=position");
        Assert.Contains("pan=15.0000", position, StringComparison.Ordinal);
        Assert.Contains("zoom=400", position, StringComparison.Ordinal);

        var forwarded = _rig.CameraRequestsTo("/axis-cgi/com/ptz.cgi").Where(r => r.Status != 401).ToList();
        Assert.Equal(
            ["/axis-cgi/com/ptz.cgi?pan=10.5&tilt=-20&zoom=500", "/axis-cgi/com/ptz.cgi?rpan=4.5&rzoom=-100", "/axis-cgi/com/ptz.cgi?continuouspantiltmove=30%2C-10", "/axis-cgi/com/ptz.cgi?query=position"],
            forwarded.Select(r => r.PathAndQuery));
        Assert.All(forwarded, r => Assert.Equal("GET", r.Method));
    }

    [Fact]
    public async Task Admin_reads_parameters_while_operator_and_viewer_get_403()
    {
        var all = await _rig.Admin.GetStringAsync(Param + "?action=list");
        var brand = await _rig.Admin.GetStringAsync(Param + "?action=list&group=Brand,Properties.PTZ");
        using var byOperator = await _rig.Operator.GetAsync(Param + "?action=list");
        using var byViewer = await _rig.Viewer.GetAsync(Param + "?action=list");

        Assert.Contains("root.Properties.System.SerialNumber=ACCC8E000000", all, StringComparison.Ordinal);
        Assert.Contains("root.Brand.ProdNbr=Q6075-E", brand, StringComparison.Ordinal);
        Assert.Contains("root.Properties.PTZ.PTZ=yes", brand, StringComparison.Ordinal);
        Assert.DoesNotContain("SerialNumber", brand, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Forbidden, byOperator.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, byViewer.StatusCode);
        Assert.Equal(2, _rig.CameraRequestsTo("/axis-cgi/param.cgi").Count(r => r.Status == 200));
    }

    [Theory]
    [InlineData("?action=update&root.Brand.Brand=EVIL")]
    [InlineData("?action=UPDATE&Network.HostName=evil")]
    [InlineData("?action=add&group=Foo")]
    [InlineData("?action=remove&group=Brand")]
    public async Task Nobody_can_change_parameters_not_even_an_admin(string query)
    {
        foreach (var client in new[] { _rig.Admin, _rig.Operator, _rig.Viewer })
        {
            using var response = await client.GetAsync(Param + query);
            Assert.True(response.StatusCode is HttpStatusCode.Forbidden or HttpStatusCode.BadRequest, $"got {(int)response.StatusCode}");
        }

        using var admin = await _rig.Admin.GetAsync(Param + "?action=update");
        using var post = await _rig.Admin.PostAsync(Param, new FormUrlEncodedContent([new("action", "update"), new("root.Brand.Brand", "EVIL")]));

        Assert.Equal(HttpStatusCode.Forbidden, admin.StatusCode);
        Assert.Equal(HttpStatusCode.MethodNotAllowed, post.StatusCode);
        Assert.Empty(_rig.CameraRequestsTo("/axis-cgi/param.cgi"));
        Assert.Equal(0, _rig.Camera.Parameters.Updates);
        Assert.Equal("AXIS", _rig.Camera.Parameters["Brand.Brand"]);
    }

    [Fact]
    public async Task Snapshot_works_over_http2_as_well()
    {
        var client = _rig.Gateway.CreateClient(_rig.ViewerToken, HttpVersion.Version20);
        using var response = await client.GetAsync(Snapshot);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(HttpVersion.Version20, response.Version);
    }

    [Fact]
    public async Task Camera_network_allow_list_applies_to_the_pass_through()
    {
        await using var rig = await PassThroughRig.StartAsync(PassThroughRig.CameraPassword, ("Cameras:lobby:AllowedNetworks:0", "10.0.0.0/8"));
        using var response = await rig.Admin.GetAsync(Snapshot);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Empty(rig.Camera.Requests);
    }

    [Fact]
    public async Task Anonymous_gets_401_and_a_token_without_the_camera_gets_403()
    {
        var stranger = _rig.Gateway.CreateClient(_rig.Gateway.Tokens.Create("sam", ["operator"], ["other-*"]));
        var ticketUser = _rig.Gateway.CreateClient(null);

        using var anonymous = await _rig.Gateway.Anonymous.GetAsync(Snapshot);
        using var foreign = await stranger.GetAsync(Ptz + "?move=home");
        using var unknown = await _rig.Admin.GetAsync("cameras/nope/vapix/jpg/image.cgi");
        using var ticket = await ticketUser.GetAsync(Snapshot + "?ticket=abc");

        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, foreign.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, ticket.StatusCode);
        Assert.Empty(_rig.Camera.Requests);
    }

    [Theory]
    [InlineData(Snapshot + "?resolution=320x180&ticket=abc")]
    [InlineData(Snapshot + "?access_token=abc")]
    [InlineData(Snapshot + "?resolution=320x180;rm")]
    [InlineData(Snapshot + "?compression=101")]
    [InlineData(Snapshot + "?fps=30")]
    [InlineData(Ptz + "?pan=9999")]
    [InlineData(Ptz + "?pan=1&pan=2")]
    [InlineData(Ptz + "?PAN=1")]
    [InlineData(Ptz + "?pan=1e3")]
    [InlineData(Ptz + "?move=jump")]
    [InlineData(Ptz + "?continuouspantiltmove=30")]
    [InlineData(Ptz + "?move=home&auxiliary=tour1")]
    [InlineData(Param)]
    [InlineData(Param + "?action=list&group=../../etc")]
    [InlineData(Param + "?action=list&group=Brand%26action%3Dupdate")]
    // .NET's '$' also matches before a final newline: every pattern is anchored with \z.
    [InlineData(Param + "?action=list&group=Brand%0A")]
    [InlineData(Snapshot + "?resolution=320x180%0A")]
    public async Task Unlisted_parameters_and_bad_values_are_refused_with_400_and_never_forwarded(string path)
    {
        using var response = await _rig.Admin.GetAsync(path);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Empty(_rig.Camera.Requests);
    }

    [Theory]
    [InlineData("PUT", Ptz)]
    [InlineData("DELETE", Ptz)]
    [InlineData("POST", Snapshot)]
    [InlineData("HEAD", Snapshot)]
    [InlineData("OPTIONS", Param)]
    public async Task Other_methods_get_405_with_allow(string method, string path)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), path);
        using var response = await _rig.Admin.SendAsync(request);

        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
        Assert.NotEmpty(response.Content.Headers.Allow);
        Assert.Empty(_rig.Camera.Requests);
    }

    [Fact]
    public async Task Post_with_a_query_or_a_foreign_content_type_is_refused()
    {
        using var withQuery = await _rig.Operator.PostAsync(Ptz + "?pan=1", new FormUrlEncodedContent([new("tilt", "1")]));
        using var json = await _rig.Operator.PostAsync(Ptz, new StringContent("{\"pan\":1}", System.Text.Encoding.UTF8, "application/json"));
        using var huge = await _rig.Operator.PostAsync(Ptz, new StringContent("pan=1&x=" + new string('a', 10_000), System.Text.Encoding.ASCII, "application/x-www-form-urlencoded"));

        Assert.Equal(HttpStatusCode.BadRequest, withQuery.StatusCode);
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, json.StatusCode);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, huge.StatusCode);
        Assert.Empty(_rig.Camera.Requests);
    }
}
