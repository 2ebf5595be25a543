using Mjpeg.Multipart;

namespace Mjpeg.Tests.Multipart;

/// <summary>
/// Randomly damaged streams never make the reader throw or emit something that is not a whole JPEG,
/// and what it emits does not depend on how the bytes were chunked.
/// </summary>
public sealed class MultipartFrameReaderFuzzTests
{
    private const int Iterations = 400;
    private const int MaxMutations = 8;
    private const int MaxSpliceBytes = 2000;
    private const int MaxChunkBytes = 8000;
    private const int FramesPerStream = 4;
    private const int MaxFrameBytes = 12 * 1024;
    private const int BitsPerByte = 8;

    private static readonly string[] BaseCases =
    [
        "axis_standard", "no_content_length", "lf_only", "ffmpeg_delimiter_after_part",
        "exif_thumbnail_no_content_length", "boundary_param_with_dashes_rfc_form", "delimiter_trailing_whitespace",
    ];

    [Fact]
    public void Damaged_streams_never_throw_and_only_yield_jpegs()
    {
        var random = new Random(BaseCases.Length);
        var options = new MultipartReaderOptions { MaxFrameBytes = MaxFrameBytes, MaxHeaderBytes = MaxSpliceBytes };
        var bases = BaseCases.Select(FramingCases.Get).ToArray();
        long framesYielded = 0;

        for (int iteration = 0; iteration < Iterations; iteration++)
        {
            var framing = bases[random.Next(bases.Length)];
            var stream = Mutate(framing.Stream, random);
            Assert.True(MultipartContentType.TryGetBoundary(framing.ContentType, out var boundary));

            var whole = ReaderHarness.ReadWhole(new MultipartFrameReader(boundary, options), stream);
            var feeder = new SegmentedFeeder(new MultipartFrameReader(boundary, options));
            feeder.FeedInRandomChunks(stream, random, MaxChunkBytes);

            foreach (var frame in whole)
            {
                Assert.True(frame.Length is >= JpegMarkers.MinimumJpegBytes and <= MaxFrameBytes, $"iteration {iteration}: {frame.Length} bytes");
                Assert.True(frame[0] == JpegMarkers.MarkerPrefix && frame[1] == JpegMarkers.StartOfImage, $"iteration {iteration}: no SOI");
                Assert.True(frame.AsSpan(frame.Length - JpegMarkers.EndOfImageSearchWindow).IndexOf((ReadOnlySpan<byte>)[JpegMarkers.MarkerPrefix, JpegMarkers.EndOfImage]) >= 0);
            }

            MultipartFrameReaderFramingTests.AssertSameFrames(whole, feeder.Frames);
            framesYielded += whole.Count;
        }

        // Not vacuous: damage is local, so most frames of most streams still come through.
        Assert.True(framesYielded > Iterations, $"only {framesYielded} frames");
    }

    private static byte[] Mutate(byte[] stream, Random random)
    {
        var bytes = new List<byte>(stream);
        int mutations = random.Next(1, MaxMutations + 1);
        for (int i = 0; i < mutations && bytes.Count > 0; i++)
        {
            int at = random.Next(bytes.Count);
            int length = Math.Min(random.Next(1, MaxSpliceBytes), bytes.Count - at);
            switch (random.Next(5))
            {
                case 0:
                    bytes[at] ^= (byte)(1 << random.Next(BitsPerByte));
                    break;
                case 1:
                    bytes.RemoveRange(at, length);
                    break;
                case 2:
                    bytes.InsertRange(random.Next(bytes.Count), bytes.GetRange(at, length));
                    break;
                case 3:
                    bytes.InsertRange(at, FramingCases.RandomBytes(random, length));
                    break;
                default:
                    bytes.RemoveRange(at, bytes.Count - at);
                    break;
            }
        }

        return [.. bytes];
    }
}
