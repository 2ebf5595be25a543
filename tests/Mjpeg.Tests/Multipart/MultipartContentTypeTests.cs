using Mjpeg.Multipart;

namespace Mjpeg.Tests.Multipart;

public sealed class MultipartContentTypeTests
{
    [Theory]
    [InlineData("multipart/x-mixed-replace;boundary=myboundary", "myboundary")]
    [InlineData("multipart/x-mixed-replace; boundary=myboundary", "myboundary")]
    [InlineData("multipart/x-mixed-replace; boundary=\"myboundary\"", "myboundary")]
    [InlineData("multipart/x-mixed-replace; boundary=\"--abc\"", "abc")]
    [InlineData("multipart/x-mixed-replace;boundary=--myboundary", "myboundary")]
    [InlineData("Multipart/X-Mixed-Replace; BOUNDARY=abc", "abc")]
    [InlineData("multipart/x-mixed-replace; charset=x; boundary=abc; foo=bar", "abc")]
    [InlineData("multipart/x-mixed-replace; foo=\"a;boundary=wrong\"; boundary=right", "right")]
    [InlineData("multipart/x-mixed-replace; flag; boundary = abc ", "abc")]
    [InlineData("multipart/x-mixed-replace; boundary=\"frame boundary:42\"", "frame boundary:42")]
    [InlineData("multipart/x-mixed-replace; boundary=\"a\\\"b\"", "a\"b")]
    [InlineData("multipart/mixed; boundary=abc", "abc")]
    public void Boundary_is_returned_without_leading_dashes(string contentType, string expected)
    {
        Assert.True(MultipartContentType.TryGetBoundary(contentType, out var boundary));
        Assert.Equal(expected, boundary);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("image/jpeg")]
    [InlineData("text/html; boundary=abc")]
    [InlineData("multipart/x-mixed-replace")]
    [InlineData("multipart/x-mixed-replace; charset=utf-8")]
    [InlineData("multipart/x-mixed-replace; boundary=")]
    [InlineData("multipart/x-mixed-replace; boundary=--")]
    [InlineData("multipart/x-mixed-replace; boundary=\"unterminated")]
    [InlineData("multipart/x-mixed-replace; boundary=\"caf\u00e9\"")]
    [InlineData("multipart/x-mixed-replace; boundary=\"a\u0001b\"")]
    public void Missing_or_unusable_boundary_is_rejected(string? contentType)
    {
        Assert.False(MultipartContentType.TryGetBoundary(contentType, out var boundary));
        Assert.Null(boundary);
    }

    [Fact]
    public void Boundary_longer_than_the_limit_is_rejected()
    {
        const int TooLong = 201;

        Assert.False(MultipartContentType.TryGetBoundary($"multipart/x-mixed-replace; boundary={new string('a', TooLong)}", out _));
    }
}
