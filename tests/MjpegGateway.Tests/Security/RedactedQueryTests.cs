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
    public void Secret_looking_parameters_are_masked_and_others_kept(string query, string expected) =>
        Assert.Equal(expected, RedactedQuery.Of(new QueryString(query.Length == 0 ? null : query)));

    [Fact]
    public void Long_queries_are_truncated() =>
        Assert.True(RedactedQuery.Of(new QueryString("?x=" + new string('a', 5000))).Length < 600);
}
