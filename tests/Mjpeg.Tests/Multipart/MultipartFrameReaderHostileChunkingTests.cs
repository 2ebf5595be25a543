using System.Text;
using Mjpeg.Multipart;

namespace Mjpeg.Tests.Multipart;

/// <summary>
/// Property: streams built from hostile pieces (delimiters without their line end, near-delimiters, endless
/// length-less bodies, lying lengths, padding) fed in adversarial chunkings, mostly cut right after a piece that
/// leaves a delimiter pending, never make the reader keep more than <see cref="MultipartFrameReader.MaxRemainderBytes"/>
/// and yield the same frames as when the stream is read whole. Seeded: a failure names its iteration.
/// </summary>
public sealed class MultipartFrameReaderHostileChunkingTests
{
    private const int Seed = 14;
    private const int Iterations = 1000;
    private const int MaxPieces = 120;
    private const int CutAfterPendingPercent = 80;
    private const int RandomCutPercent = 3;
    private const int MaxRandomBytes = 40;

    private static readonly string[] Boundaries = ["b", "myboundary", "--abc"];

    [Fact]
    public void Remainder_stays_within_its_bound_and_frames_do_not_depend_on_chunking()
    {
        var random = new Random(Seed);
        long framesSeen = 0;
        long oversizedSkips = 0;

        for (int iteration = 0; iteration < Iterations; iteration++)
        {
            string boundary = Boundaries[random.Next(Boundaries.Length)];
            var options = new MultipartReaderOptions
            {
                MaxFrameBytes = random.Next(JpegMarkers.MinimumJpegBytes, 200),
                MaxHeaderBytes = random.Next(16, 120),
                RequireEndOfImage = random.Next(4) != 0,
            };
            var (stream, pendingEnds) = HostileStream(random, boundary.TrimStart('-'), options.MaxFrameBytes);

            var whole = ReaderHarness.ReadWhole(new MultipartFrameReader(boundary, options), stream);
            var chunkings = new[] { PendingOnly(stream.Length, pendingEnds), Cuts(random, stream.Length, pendingEnds), EveryByte(stream.Length) };
            foreach (var chunking in chunkings)
            {
                var reader = new MultipartFrameReader(boundary, options);
                var feeder = new SegmentedFeeder(reader);
                int start = 0;
                foreach (int cut in chunking)
                {
                    feeder.Feed(stream.AsMemory(start, cut - start));
                    start = cut;
                }

                Assert.True(
                    feeder.MaxRemainder <= reader.MaxRemainderBytes,
                    $"iteration {iteration}: remainder {feeder.MaxRemainder} > bound {reader.MaxRemainderBytes}");
                MultipartFrameReaderFramingTests.AssertSameFrames(whole, feeder.Frames);
                oversizedSkips += reader.Stats.PartsSkippedOversized;
            }

            framesSeen += whole.Count;
        }

        // Not vacuous: the pieces make real frames and parts that hit the size limit.
        Assert.True(framesSeen > Iterations, $"only {framesSeen} frames");
        Assert.True(oversizedSkips > Iterations / 4, $"only {oversizedSkips} oversized parts");
    }

    /// <summary>The stream, and the offsets just after each piece that ends in a delimiter still waiting for its line end.</summary>
    private static (byte[] Stream, List<int> PendingEnds) HostileStream(Random random, string core, int maxFrameBytes)
    {
        var bytes = new List<byte>();
        var pendingEnds = new List<int>();
        int pieces = random.Next(1, MaxPieces);
        for (int i = 0; i < pieces; i++)
        {
            bool pending = false;
            switch (random.Next(13))
            {
                case 12:
                    // The review's attack: every read settles the last "--b" as no delimiter and ends in another.
                    for (int run = random.Next(1, Math.Max(2, 3 * maxFrameBytes / (core.Length + 3))); run > 0; run--)
                    {
                        Add(bytes, "X--" + core);
                        pendingEnds.Add(bytes.Count);
                    }

                    break;
                case 0:
                case 1:
                    // A delimiter with its line end still to come: "--b", "--b\r", "--b  ", "--b-", "---b".
                    string[] tails = ["", "\r", " ", "  \t", "-"];
                    Add(bytes, new string('-', random.Next(2, 5)) + core + tails[random.Next(tails.Length)]);
                    pending = true;
                    break;
                case 2:
                    // A prefix of a delimiter: "-", "--", "--myb".
                    Add(bytes, "--"[..random.Next(1, 3)] + core[..random.Next(core.Length)]);
                    pending = true;
                    break;
                case 3:
                    Add(bytes, random.Next(2) == 0 ? "X" : "X--" + core);
                    pending = true;
                    break;
                case 4:
                    Add(bytes, (random.Next(2) == 0 ? "\r\n" : "\n") + "--" + core + "\r\n");
                    break;
                case 5:
                    Add(bytes, "--" + core + "--\r\n");
                    break;
                case 6:
                    Add(bytes, "Content-Type: image/jpeg\r\n");
                    if (random.Next(2) == 0)
                    {
                        Add(bytes, $"Content-Length: {random.Next(2 * maxFrameBytes)}\r\n");
                    }

                    Add(bytes, "\r\n");
                    break;
                case 7:
                    bytes.AddRange([JpegMarkers.MarkerPrefix, JpegMarkers.StartOfImage]);
                    break;
                case 8:
                    bytes.AddRange([JpegMarkers.MarkerPrefix, JpegMarkers.EndOfImage]);
                    break;
                case 9:
                    bytes.AddRange(FramingCases.RandomBytes(random, random.Next(1, MaxRandomBytes)));
                    break;
                case 10:
                    Add(bytes, new string('X', random.Next(1, 2 * maxFrameBytes)));
                    break;
                default:
                    // A well-formed part, with or without its length, so frames do come through.
                    var jpeg = TestJpeg.Tagged(random.Next(), random.Next(JpegMarkers.MinimumJpegBytes, maxFrameBytes + 1));
                    Add(bytes, "\r\n--" + core + "\r\nContent-Type: image/jpeg\r\n");
                    if (random.Next(2) == 0)
                    {
                        Add(bytes, $"Content-Length: {jpeg.Length}\r\n");
                    }

                    Add(bytes, "\r\n");
                    bytes.AddRange(jpeg);
                    Add(bytes, "\r\n--" + core + "\r\n");
                    break;
            }

            if (pending)
            {
                pendingEnds.Add(bytes.Count);
            }
        }

        return ([.. bytes], pendingEnds);
    }

    /// <summary>Chunk ends exactly where a delimiter is pending, and at the stream's end.</summary>
    private static List<int> PendingOnly(int length, List<int> pendingEnds) => [.. new SortedSet<int>(pendingEnds.Where(end => end > 0)) { length }];

    /// <summary>Chunk ends: most pending-delimiter ends, some random offsets, always the stream's end.</summary>
    private static List<int> Cuts(Random random, int length, List<int> pendingEnds)
    {
        var cuts = new SortedSet<int> { length };
        foreach (int end in pendingEnds)
        {
            if (end > 0 && random.Next(100) < CutAfterPendingPercent)
            {
                cuts.Add(end);
            }
        }

        for (int offset = 1; offset < length; offset++)
        {
            if (random.Next(100) < RandomCutPercent)
            {
                cuts.Add(offset);
            }
        }

        return [.. cuts];
    }

    private static List<int> EveryByte(int length) => [.. Enumerable.Range(1, length)];

    private static void Add(List<byte> bytes, string text) => bytes.AddRange(Encoding.ASCII.GetBytes(text));
}
