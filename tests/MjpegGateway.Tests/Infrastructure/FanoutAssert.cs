namespace MjpegGateway.Tests.Infrastructure;

/// <summary>What every viewer of one camera must have seen, whichever write path carried the frames.</summary>
public static class FanoutAssert
{
    /// <summary>
    /// Each viewer's frames are stamped and in camera order without duplicates, every copy of a camera frame is
    /// byte-identical whichever viewer got it, and most frames reached every viewer (frames are shared, not each viewer's own).
    /// </summary>
    public static void SameFramesInOrder(IReadOnlyList<List<ReceivedFrame>> received, int framesEach)
    {
        var bySequence = received.SelectMany(f => f).GroupBy(f => f.Sequence).ToList();
        Assert.All(received.SelectMany(f => f), f => Assert.True(f.Sequence > 0, "frame carries the camera's stamp"));
        Assert.All(bySequence, g => Assert.All(g, f => Assert.Equal(g.First().Jpeg, f.Jpeg)));
        Assert.All(received, frames => Assert.True(frames.Zip(frames.Skip(1)).All(p => p.Second.Sequence > p.First.Sequence)));
        Assert.True(bySequence.Count(g => g.Count() == received.Count) >= framesEach / 2, "most frames reached every viewer");
    }
}
