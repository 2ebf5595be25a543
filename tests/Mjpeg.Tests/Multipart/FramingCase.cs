using Mjpeg.Multipart;

namespace Mjpeg.Tests.Multipart;

/// <param name="ContentType">The Content-Type response header the camera sends.</param>
/// <param name="Stream">The response body.</param>
/// <param name="Expected">The frames a correct reader yields, in order, byte for byte.</param>
internal sealed record FramingCase(string ContentType, byte[] Stream, IReadOnlyList<byte[]> Expected, MultipartReaderOptions Options)
{
    public MultipartFrameReader CreateReader()
    {
        Assert.True(MultipartContentType.TryGetBoundary(ContentType, out var boundary));
        return new MultipartFrameReader(boundary, Options);
    }
}
