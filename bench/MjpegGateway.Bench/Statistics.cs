using System.Numerics;

namespace MjpegGateway.Bench;

/// <summary>Wall-clock time in the unit of the simulator's stamp.</summary>
internal static class UnixClock
{
    private static readonly long EpochTicks = DateTime.UnixEpoch.Ticks;

    /// <summary>Now, UTC, in microseconds since the Unix epoch; the same clock the simulator stamps with.</summary>
    public static long NowMicroseconds() => (DateTime.UtcNow.Ticks - EpochTicks) / TimeSpan.TicksPerMicrosecond;
}

/// <summary>
/// The measured window shared by all viewers, as stamps: frames are counted by when they arrived (fps, latency)
/// or by when the camera sent them (drops). Closed (empty) until <see cref="Open"/>.
/// </summary>
internal sealed class MeasurementWindow
{
    private long _startMicroseconds = long.MaxValue;
    private long _endMicroseconds = long.MaxValue;

    public long StartMicroseconds => Volatile.Read(ref _startMicroseconds);

    public long EndMicroseconds => Volatile.Read(ref _endMicroseconds);

    public void Open(long startMicroseconds, TimeSpan length)
    {
        // End first: a viewer that sees the new start must never see the old, unbounded end.
        Volatile.Write(ref _endMicroseconds, startMicroseconds + (long)(length.TotalMilliseconds * 1000));
        Volatile.Write(ref _startMicroseconds, startMicroseconds);
    }
}

/// <summary>
/// Lock-free log-linear histogram of non-negative microsecond values: exact below 64 µs, then 64 buckets per
/// power of two (at most 1.6 % error). Fixed size, so recording a frame never allocates.
/// </summary>
internal sealed class LatencyHistogram
{
    private const int SubBucketBits = 6;
    private const int SubBuckets = 1 << SubBucketBits;
    private const int MaxExponent = 40; // 2^40 µs is about 12 days; anything larger is clamped
    private const long MaxValue = (1L << MaxExponent) - 1;

    private readonly long[] _counts = new long[(MaxExponent - SubBucketBits + 1) * SubBuckets];
    private long _count;
    private long _max;

    public long Count => Interlocked.Read(ref _count);

    public long MaxMicroseconds => Interlocked.Read(ref _max);

    public void Record(long microseconds)
    {
        var value = Math.Clamp(microseconds, 0, MaxValue);
        Interlocked.Increment(ref _counts[IndexOf(value)]);
        Interlocked.Increment(ref _count);
        var max = Interlocked.Read(ref _max);
        while (value > max)
        {
            var seen = Interlocked.CompareExchange(ref _max, value, max);
            if (seen == max)
            {
                break;
            }

            max = seen;
        }
    }

    /// <summary>The value at <paramref name="percentile"/> (0..100), as the midpoint of its bucket; 0 when empty.</summary>
    public double ValueAtPercentile(double percentile)
    {
        var total = Count;
        if (total == 0)
        {
            return 0;
        }

        var rank = Math.Max(1, (long)Math.Ceiling(percentile / 100 * total));
        long seen = 0;
        for (var i = 0; i < _counts.Length; i++)
        {
            seen += Interlocked.Read(ref _counts[i]);
            if (seen >= rank)
            {
                return Math.Min(Midpoint(i), MaxMicroseconds);
            }
        }

        return MaxMicroseconds;
    }

    private static int IndexOf(long value)
    {
        if (value < SubBuckets)
        {
            return (int)value;
        }

        var exponent = 63 - BitOperations.LeadingZeroCount((ulong)value);
        var shift = exponent - SubBucketBits;
        var mantissa = (int)(value >> shift); // SubBuckets..2*SubBuckets-1
        return ((shift + 1) * SubBuckets) + (mantissa - SubBuckets);
    }

    private static double Midpoint(int index)
    {
        if (index < SubBuckets)
        {
            return index;
        }

        var shift = (index / SubBuckets) - 1;
        var lower = (long)(SubBuckets + (index % SubBuckets)) << shift;
        return lower + ((1L << shift) / 2.0);
    }
}

/// <summary>Order statistics over small samples (one value per viewer).</summary>
internal static class Percentiles
{
    /// <summary>Nearest-rank percentile of <paramref name="values"/> (0..100); 0 when empty.</summary>
    public static double Of(IReadOnlyCollection<double> values, double percentile)
    {
        if (values.Count == 0)
        {
            return 0;
        }

        var sorted = values.Order().ToArray();
        var rank = Math.Max(1, (int)Math.Ceiling(percentile / 100 * sorted.Length));
        return sorted[rank - 1];
    }
}
