namespace MjpegGateway.Cameras;

/// <summary>Lock-free "take one if below the limit", so a burst of concurrent stream starts never overshoots a cap.</summary>
internal static class BoundedCounter
{
    /// <summary>Increments <paramref name="counter"/> unless it is already at <paramref name="limit"/>.</summary>
    public static bool TryIncrementBelow(ref int counter, int limit)
    {
        while (true)
        {
            var current = Volatile.Read(ref counter);
            if (current >= limit)
            {
                return false;
            }

            if (Interlocked.CompareExchange(ref counter, current + 1, current) == current)
            {
                return true;
            }
        }
    }
}
