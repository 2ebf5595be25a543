using Microsoft.AspNetCore.Http;
using MjpegGateway.Security;

namespace MjpegGateway.Tests.Security;

public sealed class RedactedQueryTests
{
    [Theory]
    [InlineData("?ticket=abc&fps=2", "?ticket=***&fps=2")]
    [InlineData("?access_token=eyJ.x.y", "?access_token=***")]
    [InlineData("?profile=hd&secret_token=s3&Api%4Bey=k", "?profile=hd&secret_token=***&Api%4Bey=***")]
    [InlineData("?PASSWORD=p&x", "?PASSWORD=***&x")]
    [InlineData("", "")]
    [InlineData("?jwt=eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhIn0.c2ln&fps=2", "?jwt=***&fps=2")]
    [InlineData("?x=Zm9vYmFyYmF6cXV4Zm9vYmFyYmF6cXV4Zm9vYmFyYmF6cXV4&group=Properties.PTZ.Foo", "?x=***&group=Properties.PTZ.Foo")]
    [InlineData("?eyJhbGciOiJub25lIn0.eyJzdWIiOiJhIn0.", "?***")]
    public void Secret_looking_parameters_are_masked_and_others_kept(string query, string expected) =>
        Assert.Equal(expected, RedactedQuery.Of(new QueryString(query.Length == 0 ? null : query)));

    [Fact]
    public void Long_queries_are_truncated() =>
        Assert.True(RedactedQuery.Of(new QueryString("?x=" + new string('a', 5000))).Length < 600);

    [Theory]
    [InlineData("/cameras/eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhIn0.c2ln/snapshot", "/cameras/***/snapshot")]
    [InlineData("/cameras/lobby/vapix/jpg/Zm9vYmFyYmF6cXV4Zm9vYmFyYmF6cXV4Zm9vYmFyYmF6cXV4/image.cgi", "/cameras/lobby/vapix/jpg/***/image.cgi")]
    [InlineData("/cameras/building-3-floor-2-corridor-north-east-camera-01/stream", "/cameras/building-3-floor-2-corridor-north-east-camera-01/stream")]
    [InlineData("/cameras/lobby/vapix/param.cgi", "/cameras/lobby/vapix/param.cgi")]
    [InlineData("", "/")]
    public void Credential_shaped_path_segments_are_masked_and_others_kept(string path, string expected) =>
        Assert.Equal(expected, RedactedPath.Of(new PathString(path.Length == 0 ? null : path)));
}
