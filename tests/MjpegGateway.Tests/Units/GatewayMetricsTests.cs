using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using MjpegGateway.Http;
using MjpegGateway.Telemetry;

namespace MjpegGateway.Tests.Units;

/// <summary>The gateway's own instruments, read with <see cref="MetricCollector{T}"/>: names, units and tags.</summary>
public sealed class GatewayMetricsTests
{
    [Fact]
    public async Task An_ended_session_counts_once_under_camera_profile_and_reason()
    {
        await using var parts = GatewayParts.Create(new Dictionary<string, string?>());
        var metrics = parts.GetRequiredService<GatewayMetrics>();
        using var sessions = new MetricCollector<long>(metrics.Meter, "mjpeg.stream.sessions");

        metrics.SessionEnded("lobby", "hd", "ClientGone");

        var measurement = Assert.Single(sessions.GetMeasurementSnapshot());
        Assert.Equal(1, measurement.Value);
        Assert.Equal(("lobby", "hd", "ClientGone"), (measurement.Tags["camera"], measurement.Tags["profile"], measurement.Tags["reason"]));
        Assert.Equal("{session}", sessions.Instrument!.Unit);
    }

    [Fact]
    public async Task A_refused_stream_counts_under_camera_and_reason()
    {
        await using var parts = GatewayParts.Create(new Dictionary<string, string?>());
        var metrics = parts.GetRequiredService<GatewayMetrics>();
        using var rejections = new MetricCollector<long>(metrics.Meter, "mjpeg.stream.rejections");

        metrics.StreamRejected("lobby", StreamRejection.Cap);

        var measurement = Assert.Single(rejections.GetMeasurementSnapshot());
        Assert.Equal(("lobby", StreamRejection.Cap), (measurement.Tags["camera"], measurement.Tags["reason"]));
    }
}
