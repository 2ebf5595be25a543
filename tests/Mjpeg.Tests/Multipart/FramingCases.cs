using System.Text;
using Mjpeg.Multipart;

namespace Mjpeg.Tests.Multipart;

/// <summary>Every framing variant the reader must handle, each with the frames it must yield.</summary>
internal static class FramingCases
{
    public const string AxisContentType = "multipart/x-mixed-replace;boundary=myboundary";
    public const string AxisBoundary = "myboundary";

    private const int CaseSeed = 20240501;
    private const int FramesPerCase = 5;
    private const int MinEntropyBytes = 500;
    private const int MaxEntropyBytes = 15_000;
    private const int SmallMaxFrameBytes = 24 * 1024;
    private const int OversizedEntropyBytes = 60 * 1024;
    private const int SmallMaxHeaderBytes = 1024;
    private const int JunkHeaderCount = 40;
    private const int GarbageBytes = 3000;
    private const int LengthLieBytes = 100;

    private static readonly MultipartReaderOptions Defaults = new();
    private static readonly MultipartReaderOptions SmallFrames = new() { MaxFrameBytes = SmallMaxFrameBytes };
    private static readonly MultipartReaderOptions SmallHeaders = new() { MaxHeaderBytes = SmallMaxHeaderBytes };

    private static readonly Dictionary<string, Func<FramingCase>> Cases = new()
    {
        ["axis_standard"] = () => AllFrames(AxisContentType, new MultipartStreamBuilder(AxisBoundary)),
        ["quoted_boundary"] = () => AllFrames(
            "multipart/x-mixed-replace; boundary=\"frame boundary:42\"", new MultipartStreamBuilder("frame boundary:42")),
        ["boundary_param_with_dashes_used_verbatim"] = () => AllFrames(
            "multipart/x-mixed-replace;boundary=--myboundary", new MultipartStreamBuilder("myboundary")),
        ["boundary_param_with_dashes_rfc_form"] = () => AllFrames(
            "multipart/x-mixed-replace;boundary=--myboundary", new MultipartStreamBuilder("--myboundary")),
        ["boundary_param_with_dashes_rfc_form_no_content_length"] = () => AllFrames(
            "multipart/x-mixed-replace;boundary=--myboundary", new MultipartStreamBuilder("--myboundary") { ContentLength = false }),
        ["odd_case_header_names"] = () => AllFrames(AxisContentType, new MultipartStreamBuilder(AxisBoundary)
        {
            ContentTypeName = "content-TYPE",
            ContentLengthName = "content-LENGTH",
        }),
        ["extra_headers"] = () => AllFrames(AxisContentType, new MultipartStreamBuilder(AxisBoundary)
        {
            ExtraHeaders = ["X-Timestamp: 1700000000.123", "X-Frame-Sequence: 7", "Content-Disposition: inline; filename=a.jpg", "Cache-Control: no-cache"],
        }),
        ["no_content_length"] = () => AllFrames(AxisContentType, new MultipartStreamBuilder(AxisBoundary) { ContentLength = false }),
        ["lf_only"] = () => AllFrames(AxisContentType, new MultipartStreamBuilder(AxisBoundary) { NewLine = "\n" }),
        ["lf_only_no_content_length"] = () => AllFrames(
            AxisContentType, new MultipartStreamBuilder(AxisBoundary) { NewLine = "\n", ContentLength = false }),
        ["ffmpeg_delimiter_after_part"] = () => AllFrames("multipart/x-mixed-replace;boundary=ffmpeg", new MultipartStreamBuilder("ffmpeg")
        {
            DelimiterAfterPart = true,
            ContentTypeName = "Content-type",
            ContentLengthName = "Content-length",
        }),
        ["ffmpeg_delimiter_after_part_no_content_length"] = () => AllFrames(
            "multipart/x-mixed-replace;boundary=ffmpeg", new MultipartStreamBuilder("ffmpeg") { DelimiterAfterPart = true, ContentLength = false }),
        ["delimiter_trailing_whitespace"] = () => AllFrames(AxisContentType, new MultipartStreamBuilder(AxisBoundary) { DelimiterPadding = " \t " }),
        ["delimiter_trailing_whitespace_no_content_length"] = () => AllFrames(
            AxisContentType, new MultipartStreamBuilder(AxisBoundary) { DelimiterPadding = " \t ", ContentLength = false }),
        ["no_newline_before_delimiter"] = () => AllFrames(
            AxisContentType, new MultipartStreamBuilder(AxisBoundary) { NewLineBeforeDelimiter = false }),
        ["no_newline_before_delimiter_no_content_length"] = () => AllFrames(
            AxisContentType, new MultipartStreamBuilder(AxisBoundary) { NewLineBeforeDelimiter = false, ContentLength = false }),
        ["closing_delimiter"] = ClosingDelimiter,
        ["preamble_before_first_delimiter"] = () => Preamble(contentLength: true),
        ["preamble_before_first_delimiter_no_content_length"] = () => Preamble(contentLength: false),
        ["non_jpeg_part_skipped"] = () => NonJpegPart(contentLength: true),
        ["non_jpeg_part_skipped_no_content_length"] = () => NonJpegPart(contentLength: false),
        ["body_without_soi_skipped"] = () => BodyWithoutSoi(contentLength: true),
        ["body_without_soi_skipped_no_content_length"] = () => BodyWithoutSoi(contentLength: false),
        ["exif_thumbnail"] = () => AllFrames(AxisContentType, new MultipartStreamBuilder(AxisBoundary), exif: true),
        ["exif_thumbnail_no_content_length"] = () => AllFrames(
            AxisContentType, new MultipartStreamBuilder(AxisBoundary) { ContentLength = false }, exif: true),
        ["garbage_between_parts"] = GarbageBetweenParts,
        ["oversized_with_content_length"] = () => Oversized(contentLength: true),
        ["oversized_without_content_length"] = () => Oversized(contentLength: false),
        ["header_block_too_large"] = HeaderBlockTooLarge,
        ["content_length_too_big_truncated_part"] = () => LyingLength(extra: LengthLieBytes * 10, cutBody: true),
        ["content_length_too_small"] = () => LyingLength(extra: -LengthLieBytes, cutBody: false),
        ["part_cut_off_by_delimiter_no_content_length"] = CutOffWithoutLength,
    };

    public static IEnumerable<string> AllNames => Cases.Keys;

    public static TheoryData<string> Names => [.. Cases.Keys];

    public static FramingCase Get(string name) => Cases[name]();

    public static List<byte[]> Frames(Random random, int count, bool exif = false) =>
        [.. Enumerable.Range(0, count).Select(_ => TestJpeg.Create(random, random.Next(MinEntropyBytes, MaxEntropyBytes), exif))];

    private static FramingCase AllFrames(string contentType, MultipartStreamBuilder builder, bool exif = false)
    {
        var frames = Frames(new Random(CaseSeed), FramesPerCase, exif);
        frames.ForEach(frame => builder.Part(frame));
        return new FramingCase(contentType, builder.NextDelimiter().Build(), frames, Defaults);
    }

    private static FramingCase ClosingDelimiter()
    {
        var frames = Frames(new Random(CaseSeed), FramesPerCase);
        var builder = new MultipartStreamBuilder(AxisBoundary);
        frames.ForEach(frame => builder.Part(frame));
        builder.Close().Text("epilogue the reader must ignore\r\n");
        return new FramingCase(AxisContentType, builder.Build(), frames, Defaults);
    }

    private static FramingCase Preamble(bool contentLength)
    {
        var random = new Random(CaseSeed);
        var frames = Frames(random, FramesPerCase);
        var builder = new MultipartStreamBuilder(AxisBoundary) { ContentLength = contentLength };
        builder.Text("This is a multipart preamble.\r\n").Raw(RandomBytes(random, GarbageBytes)).Text("\r\n");
        frames.ForEach(frame => builder.Part(frame));
        return new FramingCase(AxisContentType, builder.NextDelimiter().Build(), frames, Defaults);
    }

    private static FramingCase NonJpegPart(bool contentLength)
    {
        var frames = Frames(new Random(CaseSeed), FramesPerCase);
        var builder = new MultipartStreamBuilder(AxisBoundary) { ContentLength = contentLength };
        builder.Part(frames[0]).Part(Encoding.ASCII.GetBytes("motion detected at 12:00:01\r\n"), "text/plain");
        frames.Skip(1).ToList().ForEach(frame => builder.Part(frame));
        return new FramingCase(AxisContentType, builder.NextDelimiter().Build(), frames, Defaults);
    }

    private static FramingCase BodyWithoutSoi(bool contentLength)
    {
        var random = new Random(CaseSeed);
        var frames = Frames(random, FramesPerCase);
        var builder = new MultipartStreamBuilder(AxisBoundary) { ContentLength = contentLength };
        builder.Part(frames[0]).Part(RandomBytes(random, GarbageBytes));
        frames.Skip(1).ToList().ForEach(frame => builder.Part(frame));
        return new FramingCase(AxisContentType, builder.NextDelimiter().Build(), frames, Defaults);
    }

    private static FramingCase GarbageBetweenParts()
    {
        var random = new Random(CaseSeed);
        var frames = Frames(random, FramesPerCase);
        var builder = new MultipartStreamBuilder(AxisBoundary);
        foreach (var frame in frames)
        {
            builder.Part(frame).Raw(RandomBytes(random, GarbageBytes)).Text("\r\nnot a header line\r\n- -myboundary\r\n");
        }

        return new FramingCase(AxisContentType, builder.NextDelimiter().Build(), frames, Defaults);
    }

    private static FramingCase Oversized(bool contentLength)
    {
        var random = new Random(CaseSeed);
        var frames = Frames(random, FramesPerCase);
        var builder = new MultipartStreamBuilder(AxisBoundary) { ContentLength = contentLength };
        builder.Part(frames[0]).Part(TestJpeg.Create(random, OversizedEntropyBytes));
        frames.Skip(1).ToList().ForEach(frame => builder.Part(frame));
        return new FramingCase(AxisContentType, builder.NextDelimiter().Build(), frames, SmallFrames);
    }

    private static FramingCase HeaderBlockTooLarge()
    {
        var random = new Random(CaseSeed);
        var frames = Frames(random, FramesPerCase);
        var junk = Enumerable.Range(0, JunkHeaderCount).Select(i => $"X-Vendor-Junk-{i}: {new string('x', 40)}").ToArray();
        var builder = new MultipartStreamBuilder(AxisBoundary);
        builder.Part(frames[0]).Part(TestJpeg.Create(random, MinEntropyBytes), extraHeaders: junk);
        frames.Skip(1).ToList().ForEach(frame => builder.Part(frame));
        return new FramingCase(AxisContentType, builder.NextDelimiter().Build(), frames, SmallHeaders);
    }

    private static FramingCase LyingLength(int extra, bool cutBody)
    {
        var random = new Random(CaseSeed);
        var frames = Frames(random, FramesPerCase);
        var victim = TestJpeg.Create(random, MaxEntropyBytes);
        var body = cutBody ? victim[..(victim.Length / 2)] : victim;
        var builder = new MultipartStreamBuilder(AxisBoundary);
        builder.Part(frames[0]).Part(body, contentLength: victim.Length + extra);
        frames.Skip(1).ToList().ForEach(frame => builder.Part(frame));
        return new FramingCase(AxisContentType, builder.NextDelimiter().Build(), frames, Defaults);
    }

    private static FramingCase CutOffWithoutLength()
    {
        var random = new Random(CaseSeed);
        var frames = Frames(random, FramesPerCase);
        var victim = TestJpeg.Create(random, MaxEntropyBytes);
        var builder = new MultipartStreamBuilder(AxisBoundary) { ContentLength = false };
        builder.Part(frames[0]).Part(victim[..(victim.Length / 2)]);
        frames.Skip(1).ToList().ForEach(frame => builder.Part(frame));
        return new FramingCase(AxisContentType, builder.NextDelimiter().Build(), frames, Defaults);
    }

    public static byte[] RandomBytes(Random random, int count)
    {
        var bytes = new byte[count];
        random.NextBytes(bytes);
        return bytes;
    }
}
