using System.Diagnostics.Metrics;
using MjpegGateway.Telemetry;

namespace MjpegGateway.Cluster;

/// <summary>
/// Cluster instruments on the gateway's meter: Redis round trips and failures, lease changes, relay connections, and the
/// falls back to node-local caps and rate limits. Each carries the <c>node</c> tag; none carries a subject or address.
/// </summary>
public sealed class ClusterMetrics
{
    // Redis on the pod network answers in well under a millisecond; seconds mean trouble.
    private static readonly double[] RoundTripBuckets = [0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1];

    private readonly Histogram<double> _roundTrip;
    private readonly Counter<long> _redisErrors;
    private readonly Counter<long> _leaseChanges;
    private readonly Counter<long> _relayConnections;
    private readonly Counter<long> _fallbacks;
    private readonly KeyValuePair<string, object?> _node;
    private long _relaysServed;

    public ClusterMetrics(GatewayMetrics gateway, ClusterNode node)
    {
        var meter = gateway.Meter;
        _node = new("node", node.Id);
        _roundTrip = meter.CreateHistogram(
            "mjpeg.cluster.redis.duration", "s", "Round-trip time of Redis operations, by operation.",
            tags: null, advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = RoundTripBuckets });
        _redisErrors = meter.CreateCounter<long>("mjpeg.cluster.redis.errors", "{operation}", "Redis operations that failed (Redis unreachable or timed out), by operation.");
        _leaseChanges = meter.CreateCounter<long>("mjpeg.cluster.lease.changes", "{change}", "Camera owner lease changes on this node: acquired, released, lost, expiring.");
        _relayConnections = meter.CreateCounter<long>("mjpeg.cluster.relay.connections", "{connection}", "Relay connections, by direction: out (this node reads an owner), in (another node reads this one).");
        _fallbacks = meter.CreateCounter<long>("mjpeg.cluster.fallbacks", "{decision}", "Decisions taken node-locally because Redis was unavailable, by what: caps, rate_limit.");
        meter.CreateObservableUpDownCounter("mjpeg.cluster.relays.served", () => new Measurement<long>(Interlocked.Read(ref _relaysServed), _node), "{relay}", "Relays other nodes read from this node now.");
    }

    internal void RedisRoundTrip(string operation, TimeSpan elapsed) =>
        _roundTrip.Record(elapsed.TotalSeconds, _node, new("operation", operation));

    internal void RedisError(string operation) => _redisErrors.Add(1, _node, new("operation", operation));

    internal void LeaseChanged(string feed, string change) => _leaseChanges.Add(1, _node, new("feed", feed), new("change", change));

    internal void RelayConnected(string direction) => _relayConnections.Add(1, _node, new("direction", direction));

    internal void Fallback(string what) => _fallbacks.Add(1, _node, new("what", what));

    internal void RelayServed(int delta) => Interlocked.Add(ref _relaysServed, delta);
}
