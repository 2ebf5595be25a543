namespace Mjpeg.Tests.Multipart;

/// <summary>
/// Every framing variant, fed whole, through a real Pipe in random chunks, and one segment per chunk:
/// the reader yields exactly the frames sent, byte for byte, in order, however the bytes arrive.
/// </summary>
public sealed class MultipartFrameReaderFramingTests
{
    private const int SeedCount = 8;
    private const int SeedsPerChunkCap = 2;

    // Per seed: only tiny reads, small reads, pipe-block-sized reads, or reads holding whole frames.
    private static readonly int[] ChunkCaps = [16, 256, 4096, 40_000];

    // Split points from a little before each delimiter to a little after its line end.
    private const int SplitMargin = 4;

    // A third, tiny segment in the middle makes a delimiter span three segments.
    private const int MaxMiddleSegmentBytes = 3;

    public static TheoryData<string> Names => FramingCases.Names;

    public static TheoryData<string, int> NamesAndSeeds
    {
        get
        {
            var data = new TheoryData<string, int>();
            foreach (var name in FramingCases.AllNames)
            {
                for (int seed = 1; seed <= SeedCount; seed++)
                {
                    data.Add(name, seed);
                }
            }

            return data;
        }
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void Whole_stream_in_one_buffer_yields_exactly_the_frames_sent(string name)
    {
        var framing = FramingCases.Get(name);

        var frames = ReaderHarness.ReadWhole(framing.CreateReader(), framing.Stream);

        AssertSameFrames(framing.Expected, frames);
    }

    [Theory]
    [MemberData(nameof(NamesAndSeeds))]
    public async Task Pipe_fed_in_random_chunks_yields_exactly_the_frames_sent(string name, int seed)
    {
        var framing = FramingCases.Get(name);

        var frames = await ReaderHarness.ReadThroughPipeAsync(framing.CreateReader(), framing.Stream, new Random(seed), ChunkCap(seed));

        AssertSameFrames(framing.Expected, frames);
    }

    [Theory]
    [MemberData(nameof(NamesAndSeeds))]
    public void One_segment_per_chunk_yields_exactly_the_frames_sent(string name, int seed)
    {
        var framing = FramingCases.Get(name);
        var feeder = new SegmentedFeeder(framing.CreateReader());

        feeder.FeedInRandomChunks(framing.Stream, new Random(seed), ChunkCap(seed));

        AssertSameFrames(framing.Expected, feeder.Frames);
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void Delimiter_split_across_segments_at_any_byte_yields_exactly_the_frames_sent(string name)
    {
        var framing = FramingCases.Get(name);
        Assert.True(Mjpeg.Multipart.MultipartContentType.TryGetBoundary(framing.ContentType, out var boundary));
        var delimiter = System.Text.Encoding.ASCII.GetBytes("--" + boundary);

        foreach (int at in Occurrences(framing.Stream, delimiter))
        {
            for (int split = Math.Max(at - SplitMargin, 1); split < Math.Min(at + delimiter.Length + SplitMargin, framing.Stream.Length); split++)
            {
                for (int middle = 0; middle <= MaxMiddleSegmentBytes && split + middle < framing.Stream.Length; middle++)
                {
                    var feeder = new SegmentedFeeder(framing.CreateReader());
                    feeder.Feed(framing.Stream.AsMemory(0, split));
                    feeder.Feed(framing.Stream.AsMemory(split, middle));
                    feeder.Feed(framing.Stream.AsMemory(split + middle));

                    AssertSameFrames(framing.Expected, feeder.Frames);
                }
            }
        }
    }

    private static int ChunkCap(int seed) => ChunkCaps[(seed - 1) / SeedsPerChunkCap % ChunkCaps.Length];

    private static IEnumerable<int> Occurrences(byte[] stream, byte[] value)
    {
        for (int at = stream.AsSpan().IndexOf(value); at >= 0;)
        {
            yield return at;
            int next = stream.AsSpan(at + 1).IndexOf(value);
            at = next < 0 ? -1 : at + 1 + next;
        }
    }

    internal static void AssertSameFrames(IReadOnlyList<byte[]> expected, IReadOnlyList<byte[]> actual)
    {
        Assert.Equal(expected.Count, actual.Count);
        for (int i = 0; i < expected.Count; i++)
        {
            Assert.True(expected[i].AsSpan().SequenceEqual(actual[i]), $"frame {i} differs ({expected[i].Length} vs {actual[i].Length} bytes)");
        }
    }
}
