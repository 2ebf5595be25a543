using System.Text;
using Mjpeg.Multipart;

namespace Mjpeg.Tests.Multipart;

/// <summary>
/// Untrusted input cannot make the reader hold unbounded memory or do quadratic work.
/// Work is measured as bytes examined (<see cref="MultipartFrameReader.BytesScanned"/>), never as time.
/// </summary>
public sealed class MultipartFrameReaderBoundsTests
{
    private const int Seed = 11;
    private const int GarbageTotalBytes = 50 * 1024 * 1024;
    private const int GarbageBlockBytes = 1024 * 1024;
    private const int MaxGarbageChunkBytes = 64 * 1024;
    private const int SmallChunkBytes = 64;
    private const int LargeBodyBytes = 4 * 1024 * 1024;

    // Slack above a limit: the delimiter, the bytes around it, one unfinished line.
    private const int RemainderSlackBytes = 1024;

    private readonly Random _random = new(Seed);

    private static byte[] SmallestJpeg => [0xFF, 0xD8, 0xFF, 0xD9];

    [Fact]
    public void Fifty_megabytes_of_binary_garbage_keep_the_remainder_bounded()
    {
        var reader = new MultipartFrameReader(FramingCases.AxisBoundary);
        var feeder = new SegmentedFeeder(reader);

        FeedGarbage(feeder, prefix: []);

        Assert.Empty(feeder.Frames);
        Assert.InRange(feeder.MaxRemainder, 0, MultipartReaderOptions.DefaultMaxHeaderBytes);
        Assert.True(reader.Stats.GarbageBytesSkipped > GarbageTotalBytes - MultipartReaderOptions.DefaultMaxHeaderBytes);
    }

    [Fact]
    public void Endless_header_line_keeps_the_remainder_bounded()
    {
        var reader = new MultipartFrameReader(FramingCases.AxisBoundary);
        var feeder = new SegmentedFeeder(reader);
        var line = Encoding.ASCII.GetBytes(new string('x', GarbageBlockBytes));

        feeder.Feed(Encoding.ASCII.GetBytes("--myboundary\r\nX-Endless: "));
        for (int i = 0; i < GarbageTotalBytes / GarbageBlockBytes; i++)
        {
            feeder.Feed(line);
        }

        Assert.Equal(1, reader.Stats.HeaderBlocksTooLarge);
        Assert.InRange(feeder.MaxRemainder, 0, GarbageBlockBytes + MultipartReaderOptions.DefaultMaxHeaderBytes);
        Assert.InRange(feeder.Remainder, 0, FramingCases.AxisBoundary.Length + 2);
    }

    [Fact]
    public void Endless_length_less_part_is_skipped_at_the_frame_limit()
    {
        var reader = new MultipartFrameReader(FramingCases.AxisBoundary);
        var feeder = new SegmentedFeeder(reader);

        FeedGarbage(feeder, prefix: [.. "--myboundary\r\nContent-Type: image/jpeg\r\n\r\n"u8, 0xFF, 0xD8]);

        Assert.Equal(1, reader.Stats.PartsSkippedOversized);
        Assert.InRange(feeder.MaxRemainder, 0, MultipartReaderOptions.DefaultMaxFrameBytes + RemainderSlackBytes);
    }

    [Fact]
    public void Length_less_part_whose_every_read_ends_in_a_pending_delimiter_is_skipped_at_the_bound()
    {
        // The minimal case from the review: each read settles the last "--b" as "not a delimiter" and ends in another.
        var options = new MultipartReaderOptions { MaxFrameBytes = 4, MaxHeaderBytes = 16, RequireEndOfImage = true };
        var reader = new MultipartFrameReader("b", options);
        var feeder = new SegmentedFeeder(reader);

        byte[] start = [.. "--b\r\n\r\n"u8, 0xFF, 0xD8, .. "--b"u8];
        byte[] next = [.. "\r\n\r\n"u8, .. SmallestJpeg, .. "\r\n--b\r\n"u8];
        feeder.Feed(start);
        for (int i = 0; i < 39; i++)
        {
            feeder.Feed("X--b"u8.ToArray());
        }

        feeder.Feed(next);

        Assert.InRange(feeder.MaxRemainder, 0, reader.MaxRemainderBytes);
        Assert.Equal(1, reader.Stats.PartsSkippedOversized);
        Assert.Equal(SmallestJpeg, Assert.Single(feeder.Frames));
    }

    [Fact]
    public void Default_reader_fed_reads_that_each_end_in_the_boundary_stays_within_the_frame_limit()
    {
        var reader = new MultipartFrameReader(FramingCases.AxisBoundary);
        var feeder = new SegmentedFeeder(reader);
        var block = FramingCases.RandomBytes(_random, GarbageBlockBytes);
        var read = new byte[MaxGarbageChunkBytes];
        "--myboundary"u8.CopyTo(read.AsSpan(read.Length - FramingCases.AxisBoundary.Length - 2));

        byte[] start = [.. "--myboundary\r\nContent-Type: image/jpeg\r\n\r\n"u8, 0xFF, 0xD8];
        feeder.Feed(start);
        for (int fed = 0; fed < 4 * MultipartReaderOptions.DefaultMaxFrameBytes; fed += read.Length)
        {
            block.AsSpan(fed % GarbageBlockBytes, read.Length - FramingCases.AxisBoundary.Length - 2).CopyTo(read);
            feeder.Feed(read.ToArray());
        }

        Assert.InRange(feeder.MaxRemainder, 0, reader.MaxRemainderBytes);
        Assert.Equal(1, reader.Stats.PartsSkippedOversized);
    }

    [Fact]
    public async Task Length_less_part_arriving_in_small_chunks_is_scanned_once()
    {
        var frame = TestJpeg.Create(_random, LargeBodyBytes);
        var stream = new MultipartStreamBuilder(FramingCases.AxisBoundary) { ContentLength = false }.Part(frame).NextDelimiter().Build();
        var reader = new MultipartFrameReader(FramingCases.AxisBoundary);

        var frames = await ReaderHarness.ReadThroughPipeAsync(reader, stream, _random, SmallChunkBytes);

        Assert.Equal(frame, Assert.Single(frames));

        // Each read re-examines at most the delimiter's length at the end of what it saw: linear, not quadratic.
        Assert.InRange(reader.BytesScanned, stream.Length, 2L * stream.Length);
    }

    [Fact]
    public async Task Content_length_body_is_never_scanned()
    {
        var frame = TestJpeg.Create(_random, LargeBodyBytes);
        var stream = new MultipartStreamBuilder(FramingCases.AxisBoundary).Part(frame).Build();
        var reader = new MultipartFrameReader(FramingCases.AxisBoundary);

        var frames = await ReaderHarness.ReadThroughPipeAsync(reader, stream, _random, SmallChunkBytes);

        Assert.Equal(frame, Assert.Single(frames));
        Assert.InRange(reader.BytesScanned, 0, stream.Length - frame.Length + JpegMarkers.EndOfImageSearchWindow);
    }

    [Fact]
    public void Header_block_arriving_byte_by_byte_is_scanned_once()
    {
        var headers = Enumerable.Range(0, 100).Select(i => $"X-Header-{i}: value").ToArray();
        var frame = TestJpeg.Create(_random, SmallChunkBytes);
        var stream = new MultipartStreamBuilder(FramingCases.AxisBoundary) { ExtraHeaders = headers }.Part(frame).Build();
        var reader = new MultipartFrameReader(FramingCases.AxisBoundary);
        var feeder = new SegmentedFeeder(reader);

        for (int i = 0; i < stream.Length; i++)
        {
            feeder.Feed(stream.AsMemory(i, 1));
        }

        Assert.Equal(frame, Assert.Single(feeder.Frames));
        Assert.InRange(reader.BytesScanned, 0, stream.Length);
    }

    [Fact]
    public void Garbage_arriving_in_small_chunks_is_scanned_once()
    {
        var garbage = FramingCases.RandomBytes(_random, LargeBodyBytes);
        var reader = new MultipartFrameReader(FramingCases.AxisBoundary);
        var feeder = new SegmentedFeeder(reader);

        for (int offset = 0; offset < garbage.Length; offset += SmallChunkBytes)
        {
            feeder.Feed(garbage.AsMemory(offset, SmallChunkBytes));
        }

        Assert.InRange(reader.BytesScanned, 0, 2L * garbage.Length);
    }

    private void FeedGarbage(SegmentedFeeder feeder, byte[] prefix)
    {
        var block = FramingCases.RandomBytes(_random, GarbageBlockBytes);
        feeder.Feed(prefix);
        for (long fed = 0; fed < GarbageTotalBytes;)
        {
            int offset = _random.Next(GarbageBlockBytes);
            int size = Math.Min(_random.Next(1, MaxGarbageChunkBytes), GarbageBlockBytes - offset);
            feeder.Feed(block.AsMemory(offset, size));
            fed += size;
        }
    }
}
