namespace Mjpeg.Tests.Multipart;

/// <summary>
/// Chunk sizes a TCP connection might deliver: mostly small reads (so delimiters and header lines get
/// split often), now and then a large one holding whole frames.
/// </summary>
internal static class ChunkSizes
{
    private const int TinyMax = 16;
    private const int SmallMax = 1024;
    private const int TinyPercent = 45;
    private const int SmallPercent = 40;
    private const int Percent = 100;

    public static int Next(Random random, int maxChunk)
    {
        int roll = random.Next(Percent);
        int upper = roll < TinyPercent ? TinyMax : roll < TinyPercent + SmallPercent ? SmallMax : maxChunk;
        return random.Next(1, Math.Max(Math.Min(upper, maxChunk), 1) + 1);
    }
}
