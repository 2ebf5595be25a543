using MjpegGateway.Configuration;

namespace MjpegGateway.Upstream;

/// <summary>Capped exponential backoff with full jitter ("AWS full jitter"), so a fleet that lost the network does not reconnect in lock-step.</summary>
internal sealed class ReconnectBackoff(ReconnectOptions options, Random random)
{
    private const int MaxExponent = 30;
    private int _failures;

    /// <summary>Consecutive failures since the last sustained success.</summary>
    public int Failures => _failures;

    /// <summary>The delay before the next attempt; each call counts one more failure.</summary>
    public TimeSpan Next(bool refused)
    {
        var exponent = Math.Min(_failures, MaxExponent);
        _failures++;
        var ceiling = Math.Min(options.MaxDelaySeconds, options.InitialDelaySeconds * Math.Pow(2, exponent));
        var delay = random.NextDouble() * ceiling;
        if (refused)
        {
            delay = Math.Max(delay, Math.Min(options.RefusedMinDelaySeconds, options.MaxDelaySeconds));
        }

        return TimeSpan.FromSeconds(Math.Max(delay, options.InitialDelaySeconds / 2));
    }

    /// <summary>Forget past failures after a sustained success.</summary>
    public void Reset() => _failures = 0;
}
