using System.Buffers;
using System.Text;
using Mjpeg.Multipart;

namespace Mjpeg.Tests.Multipart;

/// <summary>What the reader counts, delivers and refuses, one behaviour per test.</summary>
public sealed class MultipartFrameReaderTests
{
    private const int Seed = 7;
    private const int EntropyBytes = 4000;

    private readonly Random _random = new(Seed);

    [Fact]
    public void Axis_stream_yields_every_frame_and_counts_nothing_skipped()
    {
        var framing = FramingCases.Get("axis_standard");
        var reader = framing.CreateReader();

        var frames = ReaderHarness.ReadWhole(reader, framing.Stream);

        Assert.Equal(framing.Expected.Count, frames.Count);
        AssertStats(reader, framesRead: framing.Expected.Count);
    }

    [Fact]
    public void Text_part_is_skipped_and_counted_as_not_jpeg()
    {
        var framing = FramingCases.Get("non_jpeg_part_skipped");
        var reader = framing.CreateReader();

        ReaderHarness.ReadWhole(reader, framing.Stream);

        AssertStats(reader, framesRead: framing.Expected.Count, notJpeg: 1);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Jpeg_labelled_body_without_start_of_image_is_skipped(bool contentLength)
    {
        var framing = FramingCases.Get(contentLength ? "body_without_soi_skipped" : "body_without_soi_skipped_no_content_length");
        var reader = framing.CreateReader();

        ReaderHarness.ReadWhole(reader, framing.Stream);

        AssertStats(reader, framesRead: framing.Expected.Count, notJpeg: 1);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Exif_thumbnail_end_marker_does_not_end_the_frame(bool contentLength)
    {
        var frame = TestJpeg.Create(_random, EntropyBytes, exifThumbnail: true);
        int thumbnailEnd = frame.AsSpan().IndexOf((ReadOnlySpan<byte>)[0xFF, 0xD9]);
        Assert.InRange(thumbnailEnd, 0, frame.Length / 2);
        var stream = new MultipartStreamBuilder(FramingCases.AxisBoundary) { ContentLength = contentLength }
            .Part(frame).NextDelimiter().Build();

        var frames = ReaderHarness.ReadWhole(Axis(), stream);

        Assert.Equal(frame, Assert.Single(frames));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Oversized_part_is_skipped_and_the_next_frame_delivered(bool contentLength)
    {
        var framing = FramingCases.Get(contentLength ? "oversized_with_content_length" : "oversized_without_content_length");
        var reader = framing.CreateReader();

        var frames = ReaderHarness.ReadWhole(reader, framing.Stream);

        MultipartFrameReaderFramingTests.AssertSameFrames(framing.Expected, frames);
        AssertStats(reader, framesRead: framing.Expected.Count, oversized: 1);
    }

    [Fact]
    public void Huge_content_length_is_not_trusted_for_skipping()
    {
        // A camera announcing 1 TB must not blind the reader until that many bytes have passed.
        var next = TestJpeg.Create(_random, EntropyBytes);
        var stream = new MultipartStreamBuilder(FramingCases.AxisBoundary)
            .Part(TestJpeg.Create(_random, EntropyBytes), contentLength: 1L << 40).Part(next).Build();
        var reader = Axis();

        var frames = ReaderHarness.ReadWhole(reader, stream);

        Assert.Equal(next, Assert.Single(frames));
        AssertStats(reader, framesRead: 1, oversized: 1);
    }

    [Fact]
    public void Header_block_too_large_is_skipped_then_the_reader_recovers()
    {
        var framing = FramingCases.Get("header_block_too_large");
        var reader = framing.CreateReader();

        var frames = ReaderHarness.ReadWhole(reader, framing.Stream);

        MultipartFrameReaderFramingTests.AssertSameFrames(framing.Expected, frames);
        Assert.Equal(1, reader.Stats.HeaderBlocksTooLarge);
        Assert.Equal(framing.Expected.Count, reader.Stats.FramesRead);
    }

    [Fact]
    public void Content_length_bigger_than_the_part_drops_it_and_resyncs_on_the_delimiter_inside()
    {
        var framing = FramingCases.Get("content_length_too_big_truncated_part");
        var reader = framing.CreateReader();

        var frames = ReaderHarness.ReadWhole(reader, framing.Stream);

        // Frame 2 (right after the truncated part) survives: the resync starts at the lying body, not after it.
        MultipartFrameReaderFramingTests.AssertSameFrames(framing.Expected, frames);
        Assert.Equal(1, reader.Stats.PartsTruncated);
        Assert.True(reader.Stats.GarbageBytesSkipped > 0);
    }

    [Fact]
    public void Content_length_smaller_than_the_part_drops_it()
    {
        var framing = FramingCases.Get("content_length_too_small");
        var reader = framing.CreateReader();

        var frames = ReaderHarness.ReadWhole(reader, framing.Stream);

        MultipartFrameReaderFramingTests.AssertSameFrames(framing.Expected, frames);
        Assert.Equal(1, reader.Stats.PartsTruncated);
    }

    [Fact]
    public void Length_less_part_cut_off_by_a_delimiter_is_dropped()
    {
        var framing = FramingCases.Get("part_cut_off_by_delimiter_no_content_length");
        var reader = framing.CreateReader();

        ReaderHarness.ReadWhole(reader, framing.Stream);

        AssertStats(reader, framesRead: framing.Expected.Count, truncated: 1);
    }

    [Fact]
    public void Garbage_before_and_between_parts_is_counted()
    {
        var framing = FramingCases.Get("garbage_between_parts");
        var reader = framing.CreateReader();

        ReaderHarness.ReadWhole(reader, framing.Stream);

        Assert.Equal(framing.Expected.Count, reader.Stats.FramesRead);
        Assert.True(reader.Stats.GarbageBytesSkipped >= framing.Expected.Count * 3000L);
    }

    [Fact]
    public void Frame_with_content_length_is_delivered_without_waiting_for_the_next_delimiter()
    {
        // Axis writes the delimiter when the next frame is ready; waiting for it would add a frame interval of latency.
        var frame = TestJpeg.Create(_random, EntropyBytes);
        var stream = new MultipartStreamBuilder(FramingCases.AxisBoundary).Part(frame).Build();

        var frames = ReaderHarness.ReadWhole(Axis(), stream);

        Assert.Equal(frame, Assert.Single(frames));
    }

    [Fact]
    public void Length_less_frame_is_delivered_when_the_next_delimiter_arrives()
    {
        var frame = TestJpeg.Create(_random, EntropyBytes);
        var builder = new MultipartStreamBuilder(FramingCases.AxisBoundary) { ContentLength = false }.Part(frame);
        var feeder = new SegmentedFeeder(Axis());

        feeder.Feed(builder.Build());
        Assert.Empty(feeder.Frames);
        feeder.Feed(Encoding.ASCII.GetBytes("\r\n--myboundary\r\n"));

        Assert.Equal(frame, Assert.Single(feeder.Frames));
    }

    [Fact]
    public void Boundary_text_inside_image_data_does_not_split_a_length_less_frame()
    {
        byte[] lookalike = [.. "--myboundary"u8, 0x12, 0x34, .. "\r\n--myboundary-x\r\n"u8, 0x00];
        var frame = TestJpeg.Create(_random, EntropyBytes);
        frame = [.. frame[..^2], .. lookalike, 0xFF, 0xD9];
        var stream = new MultipartStreamBuilder(FramingCases.AxisBoundary) { ContentLength = false }.Part(frame).NextDelimiter().Build();

        var frames = ReaderHarness.ReadWhole(Axis(), stream);

        Assert.Equal(frame, Assert.Single(frames));
    }

    [Fact]
    public void Closing_delimiter_ends_the_stream_and_the_epilogue_is_ignored()
    {
        var framing = FramingCases.Get("closing_delimiter");
        var reader = framing.CreateReader();

        var frames = ReaderHarness.ReadWhole(reader, framing.Stream);

        Assert.Equal(framing.Expected.Count, frames.Count);
        Assert.Equal(0, reader.Stats.PartsTruncated + reader.Stats.PartsSkippedNotJpeg);
    }

    [Fact]
    public void Consumed_bytes_are_advanced_past_and_the_remainder_is_what_must_stay_buffered()
    {
        var frame = TestJpeg.Create(_random, EntropyBytes);
        var part = new MultipartStreamBuilder(FramingCases.AxisBoundary).Part(frame).Build();
        byte[] nextPartStart = [.. "\r\n--myboundary\r\nContent-Type: image/jpeg\r\n"u8];
        var buffer = new ReadOnlySequence<byte>([.. part, .. nextPartStart]);
        var reader = Axis();

        Assert.True(reader.TryReadFrame(ref buffer, out var jpeg));
        Assert.Equal(frame, jpeg.ToArray());
        Assert.False(reader.TryReadFrame(ref buffer, out jpeg));
        Assert.True(jpeg.IsEmpty);

        // The delimiter and the complete header line are parsed and consumed; nothing needs keeping.
        Assert.Equal(0, buffer.Length);
    }

    [Fact]
    public void Reset_forgets_a_half_read_part_for_a_new_connection()
    {
        var frame = TestJpeg.Create(_random, EntropyBytes);
        var stream = new MultipartStreamBuilder(FramingCases.AxisBoundary).Part(frame).Build();
        var reader = Axis();
        var half = new ReadOnlySequence<byte>(stream, 0, stream.Length / 2);
        Assert.False(reader.TryReadFrame(ref half, out _));

        reader.Reset();
        var frames = ReaderHarness.ReadWhole(reader, stream);

        Assert.Equal(frame, Assert.Single(frames));
        Assert.Equal(1, reader.Stats.FramesRead);
    }

    [Fact]
    public void Without_required_end_of_image_a_frame_missing_it_is_delivered()
    {
        var frame = TestJpeg.Create(_random, EntropyBytes)[..^2];
        var stream = new MultipartStreamBuilder(FramingCases.AxisBoundary).Part(frame).Build();
        var reader = new MultipartFrameReader(FramingCases.AxisBoundary, new MultipartReaderOptions { RequireEndOfImage = false });

        var frames = ReaderHarness.ReadWhole(reader, stream);

        Assert.Equal(frame, Assert.Single(frames));
    }

    [Fact]
    public void Frame_padded_after_end_of_image_is_delivered_as_sent()
    {
        byte[] frame = [.. TestJpeg.Create(_random, EntropyBytes), 0, 0, 0, 0, .. "\r\n"u8];
        var stream = new MultipartStreamBuilder(FramingCases.AxisBoundary).Part(frame).Build();

        var frames = ReaderHarness.ReadWhole(Axis(), stream);

        Assert.Equal(frame, Assert.Single(frames));
    }

    [Fact]
    public void Duplicate_content_lengths_that_disagree_fall_back_to_the_delimiter()
    {
        var frame = TestJpeg.Create(_random, EntropyBytes);
        var stream = new MultipartStreamBuilder(FramingCases.AxisBoundary)
            .Part(frame, extraHeaders: $"Content-Length: {frame.Length + 1}").NextDelimiter().Build();

        var frames = ReaderHarness.ReadWhole(Axis(), stream);

        Assert.Equal(frame, Assert.Single(frames));
    }

    [Theory]
    [InlineData("myboundary")]
    [InlineData("--myboundary")]
    public void Constructor_accepts_the_boundary_with_or_without_leading_dashes(string boundary)
    {
        var frame = TestJpeg.Create(_random, EntropyBytes);
        var stream = new MultipartStreamBuilder(FramingCases.AxisBoundary).Part(frame).Build();

        var frames = ReaderHarness.ReadWhole(new MultipartFrameReader(boundary), stream);

        Assert.Equal(frame, Assert.Single(frames));
    }

    [Theory]
    [InlineData("")]
    [InlineData("--")]
    [InlineData("caf\u00e9")]
    [InlineData("a\rb")]
    public void Constructor_rejects_an_unusable_boundary(string boundary)
    {
        Assert.Throws<ArgumentException>(() => new MultipartFrameReader(boundary));
    }

    [Fact]
    public void Constructor_rejects_limits_that_cannot_hold_a_jpeg()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new MultipartFrameReader("b", new MultipartReaderOptions { MaxFrameBytes = 1 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new MultipartFrameReader("b", new MultipartReaderOptions { MaxHeaderBytes = 0 }));
    }

    private static MultipartFrameReader Axis() => new(FramingCases.AxisBoundary);

    private static void AssertStats(
        MultipartFrameReader reader, long framesRead, long notJpeg = 0, long oversized = 0, long truncated = 0)
    {
        var stats = reader.Stats;
        Assert.Equal(
            (framesRead, notJpeg, oversized, truncated, 0L),
            (stats.FramesRead, stats.PartsSkippedNotJpeg, stats.PartsSkippedOversized, stats.PartsTruncated, stats.HeaderBlocksTooLarge));
    }
}
