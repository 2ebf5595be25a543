using MjpegGateway.Tests.Infrastructure;

namespace MjpegGateway.Tests.Vapix;

/// <summary>Request targets sent byte for byte (see <see cref="RawHttps"/>), so no client library tidies them first.</summary>
public sealed class VapixPathTests : IAsyncLifetime
{
    private PassThroughRig _rig = null!;

    public async Task InitializeAsync() => _rig = await PassThroughRig.StartAsync();

    public async Task DisposeAsync() => await _rig.DisposeAsync();

    [Fact]
    public async Task Canonical_target_sent_raw_is_forwarded()
    {
        var response = await RawHttps.SendAsync(_rig.Gateway, "GET", "/cameras/lobby/vapix/com/ptz.cgi?move=up", _rig.AdminToken);

        Assert.Equal(204, response.Status);
        Assert.Equal(5, _rig.Camera.Ptz.Tilt);
    }

    [Theory]
    // Dot segments: Kestrel resolves them before routing; the guard refuses any target that needed it.
    [InlineData("/cameras/lobby/vapix/jpg/../com/ptz.cgi?move=up")]
    [InlineData("/cameras/lobby/vapix/jpg/image.cgi/../../param.cgi?action=list")]
    [InlineData("/cameras/lobby/vapix/./com/ptz.cgi?move=up")]
    [InlineData("/cameras/lobby/vapix/jpg/%2e%2e/com/ptz.cgi?move=up")]
    [InlineData("/cameras/lobby/vapix/jpg/%2E%2E/param.cgi?action=list")]
    [InlineData("/cameras/lobby/vapix/com/%70tz.cgi?move=up")]
    // Encoded slashes, double encoding, backslashes.
    [InlineData("/cameras/lobby/vapix/jpg/..%2fcom%2fptz.cgi?move=up")]
    [InlineData("/cameras/lobby/vapix/%2e%2e%2f%2e%2e%2fparam.cgi?action=list")]
    [InlineData("/cameras/lobby/vapix/jpg/%252e%252e/com/ptz.cgi?move=up")]
    [InlineData("/cameras/lobby/vapix/%252e%252e%252fparam.cgi?action=list")]
    [InlineData("/cameras/lobby/vapix/com%2fptz.cgi?move=up")]
    [InlineData("/cameras/lobby/vapix/jpg%5c..%5ccom%5cptz.cgi?move=up")]
    [InlineData("/cameras/lobby/vapix/com\\ptz.cgi?move=up")]
    [InlineData("/cameras/lobby/vapix/jpg\\..\\param.cgi?action=list")]
    // Case, empty segments, trailing slash.
    [InlineData("/cameras/lobby/vapix/COM/PTZ.CGI?move=up")]
    [InlineData("/cameras/lobby/vapix/com/Ptz.cgi?move=up")]
    [InlineData("/cameras/lobby/VAPIX/com/ptz.cgi?move=up")]
    [InlineData("/cameras/lobby/vapix//com/ptz.cgi?move=up")]
    [InlineData("/cameras/lobby/vapix/com/ptz.cgi/?move=up")]
    // Camera CGIs outside the allow-list.
    [InlineData("/cameras/lobby/vapix/mjpg/video.cgi")]
    [InlineData("/cameras/lobby/vapix/axis-cgi/com/ptz.cgi?move=up")]
    [InlineData("/cameras/lobby/vapix/admin/restart.cgi")]
    [InlineData("/cameras/lobby/vapix/pwdgrp.cgi?action=get")]
    public async Task Paths_outside_the_allow_list_get_403_and_never_reach_the_camera(string target)
    {
        var response = await RawHttps.SendAsync(_rig.Gateway, "GET", target, _rig.AdminToken);

        Assert.Equal(403, response.Status);
        Assert.Contains("This VAPIX path is not allowed.", response.Body, StringComparison.Ordinal);
        Assert.Empty(_rig.Camera.Requests);
        Assert.Equal(0, _rig.Camera.Ptz.Commands);
    }
}
