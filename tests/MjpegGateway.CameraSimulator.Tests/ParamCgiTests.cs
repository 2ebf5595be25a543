using System.Net;

namespace MjpegGateway.CameraSimulator.Tests;

public sealed class ParamCgiTests
{
    private static Uri Param(CameraSimulator camera, string query) => new(camera.BaseAddress, "axis-cgi/param.cgi" + query);

    [Fact]
    public async Task List_answers_axis_style_lines_for_all_or_some_groups()
    {
        await using var camera = await CameraSimulator.StartAsync();
        using var client = new HttpClient();

        var all = await client.GetStringAsync(Param(camera, "?action=list"));
        var some = await client.GetStringAsync(Param(camera, "?action=list&group=Brand.ProdNbr,root.Properties.PTZ"));
        var unknown = await client.GetStringAsync(Param(camera, "?action=list&group=Nope"));

        Assert.Contains("root.Brand.Brand=AXIS\n", all, StringComparison.Ordinal);
        Assert.Contains("root.Properties.System.SerialNumber=ACCC8E000000\n", all, StringComparison.Ordinal);
        Assert.Equal("root.Brand.ProdNbr=Q6075-E\nroot.Properties.PTZ.PTZ=yes\n", some);
        Assert.Equal("# Error: Error -1 getting param in group 'Nope'\n", unknown);
    }

    [Fact]
    public async Task Update_changes_known_parameters_only()
    {
        await using var camera = await CameraSimulator.StartAsync();
        using var client = new HttpClient();

        var ok = await client.GetStringAsync(Param(camera, "?action=update&Network.HostName=renamed"));
        var error = await client.GetStringAsync(Param(camera, "?action=update&Network.Nope=x"));
        using var noAction = await client.GetAsync(Param(camera, "?group=Brand"));

        Assert.Equal("OK\n", ok);
        Assert.StartsWith("# Error", error, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, noAction.StatusCode);
        Assert.Equal("renamed", camera.Parameters["root.Network.HostName"]);
        Assert.Equal(1, camera.Parameters.Updates);
    }
}
