namespace MjpegGateway.Tests.Infrastructure;

/// <summary>What every viewer of one camera must have seen, whichever write path carried the frames.</summary>
public static class FanoutAssert
{
    /// <summary>
    /// Reads every stream from its first frame through the same stretch of <paramref name="framesEach"/> camera
    /// frames, the stretch that starts at the newest of their first frames. Viewers that joined a few frames apart (50
    /// handshakes on a loaded machine take a while) are so judged on frames that all of them were there for.
    /// </summary>
    public static async Task<List<ReceivedFrame>[]> ReadSameStretchAsync(IReadOnlyList<MjpegStreamClient> streams, int framesEach)
    {
        // Bounded in time as well as in frames: a stream that stops delivering fails the test instead of hanging it.
        using var deadline = new CancellationTokenSource(Eventually.DefaultTimeout);
        var firsts = await Task.WhenAll(streams.Select(async s => await s.ReadFrameAsync(deadline.Token) ?? throw new EndOfStreamException("stream ended before its first frame")));
        var last = firsts.Max(f => f.Sequence) + framesEach - 1;
        return await Task.WhenAll(streams.Select(async (stream, i) =>
        {
            var frames = new List<ReceivedFrame> { firsts[i] };
            // Bounded: a viewer that joined early reads the frames before the stretch too, but not endlessly.
            while (frames[^1].Sequence < last && frames.Count < 20 * framesEach)
            {
                frames.Add(await stream.ReadFrameAsync(deadline.Token) ?? throw new EndOfStreamException($"stream ended after {frames.Count} frames"));
            }

            return frames;
        }));
    }

    /// <summary>
    /// Each viewer's frames are stamped and in camera order without duplicates, every copy of a camera frame is
    /// byte-identical whichever viewer got it, and most frames of the stretch that all viewers were there for (from the
    /// newest of their first frames, <paramref name="framesEach"/> long) reached every viewer: frames are shared, not
    /// each viewer's own.
    /// </summary>
    public static void SameFramesInOrder(IReadOnlyList<List<ReceivedFrame>> received, int framesEach)
    {
        var bySequence = received.SelectMany(f => f).GroupBy(f => f.Sequence).ToList();
        Assert.All(received.SelectMany(f => f), f => Assert.True(f.Sequence > 0, "frame carries the camera's stamp"));
        Assert.All(bySequence, g => Assert.All(g, f => Assert.Equal(g.First().Jpeg, f.Jpeg)));
        Assert.All(received, frames => Assert.True(frames.Zip(frames.Skip(1)).All(p => p.Second.Sequence > p.First.Sequence)));
        var first = received.Max(frames => frames[0].Sequence);
        var stretch = bySequence.Where(g => g.Key >= first && g.Key < first + framesEach).ToList();
        Assert.True(stretch.Count(g => g.Count() == received.Count) >= framesEach / 2,
            $"most frames of the stretch from frame {first} reached every viewer; of {stretch.Count} seen there, by viewers: {string.Join(", ", stretch.Select(g => g.Count()))}");
    }
}
